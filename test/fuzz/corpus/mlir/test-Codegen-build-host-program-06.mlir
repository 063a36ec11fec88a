ml_program.global private mutable @total(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @accumulate(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = ml_program.global_load @total : tensor<4xf32>
  %b = func.call @acc_k0_add(%a, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  ml_program.global_store @total = %b : tensor<4xf32>
  return %b : tensor<4xf32>
}
func.func @reset(%x: tensor<4xf32>) {
  %e = func.call @reset_k0_exp(%x) : (tensor<4xf32>) -> tensor<4xf32>
  ml_program.global_store @total = %e : tensor<4xf32>
  return
}
func.func private @acc_k0_add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @reset_k0_exp(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 1 : i64} {
  %0 = umc.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
