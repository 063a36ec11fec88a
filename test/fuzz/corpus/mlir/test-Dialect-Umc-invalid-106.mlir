func.func @router_top_k_zero(%l: tensor<37x5xf32>) {
  %0:4 = umc.router %l top_k = 0 : (tensor<37x5xf32>) -> (tensor<37x0xi32>, tensor<37x0xf32>, tensor<i32>, tensor<f32>)
  return
}
