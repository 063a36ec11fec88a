func.func @unmask_mask_id(%t: tensor<2x37xi32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  %0 = umc.unmask %t, %l mask_id = 11 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return
}
