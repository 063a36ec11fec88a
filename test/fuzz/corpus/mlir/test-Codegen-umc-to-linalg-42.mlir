func.func @router(%l: tensor<37x5xbf16>, %s: tensor<i64>, %c: tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>) {
  %0:4 = umc.router %l seed %s counter %c top_k = 2 capacity = 9 renormalize : (tensor<37x5xbf16>, tensor<i64>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>)
  return %0#0, %0#1, %0#2, %0#3 : tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>
}
