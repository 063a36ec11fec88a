func.func @router_temperature(%l: tensor<37x5xf32>) {
  %0:4 = umc.router %l top_k = 2 temperature = 0.0 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}
