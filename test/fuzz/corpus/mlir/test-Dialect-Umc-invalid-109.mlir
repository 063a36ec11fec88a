func.func @router_result_types(%l: tensor<37x5xf32>) {
  %0:4 = umc.router %l top_k = 3 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}
