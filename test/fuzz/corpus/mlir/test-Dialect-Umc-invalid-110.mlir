func.func @router_seed_without_counter(%l: tensor<37x5xf32>, %s: tensor<i64>) {
  %0:4 = "umc.router"(%l, %s) <{operandSegmentSizes = array<i32: 1, 1, 0>, top_k = 2 : i64}> : (tensor<37x5xf32>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}
