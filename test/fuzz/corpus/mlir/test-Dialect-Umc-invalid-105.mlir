func.func @router_top_k_too_large(%l: tensor<37x5xf32>) {
  %0:4 = umc.router %l top_k = 6 : (tensor<37x5xf32>) -> (tensor<37x6xi32>, tensor<37x6xf32>, tensor<i32>, tensor<f32>)
  return
}
