func.func @router_and_unmask_stay(%l: tensor<37x5xf32>, %t: tensor<2x37xi32>, %u: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) -> (tensor<37x2xi32>, tensor<2x37xi32>) {
  %0:4 = umc.router %l top_k = 2 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  %1 = umc.unmask %t, %u mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return %0#0, %1 : tensor<37x2xi32>, tensor<2x37xi32>
}
