func.func @router(%l: tensor<37x5xf32>, %h: tensor<8x4xbf16>, %s: tensor<i64>, %c: tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>, tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>) {
  %0:4 = umc.router %l top_k = 2 capacity = 16 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  %1:4 = umc.router %h seed %s counter %c top_k = 1 temperature = 1.0 renormalize : (tensor<8x4xbf16>, tensor<i64>, tensor<i64>) -> (tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>)
  %2:4 = umc.router %l seed %s counter %c top_k = 2 temperature = 0.5 : (tensor<37x5xf32>, tensor<i64>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return %0#0, %2#1, %0#2, %0#3, %1#0, %1#1, %1#2, %1#3 : tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>, tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>
}
