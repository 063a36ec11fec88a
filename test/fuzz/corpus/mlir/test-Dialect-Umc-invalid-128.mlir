func.func @unmask_float_tokens(%t: tensor<2x37xf32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  %0 = umc.unmask %t, %l mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xf32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xf32>
  return
}
