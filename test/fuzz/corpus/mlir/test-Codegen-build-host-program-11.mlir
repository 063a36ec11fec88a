ml_program.global private mutable @counts(dense<0.0> : tensor<8xf32>) : tensor<8xf32>
func.func @bump(%x: tensor<8xf32>) {
  %s = ml_program.global_load @counts : tensor<8xf32>
  %n = func.call @bump_k0_add(%s, %x) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  ml_program.global_store @counts = %n : tensor<8xf32>
  return
}
func.func @normalize() {
  %s = ml_program.global_load @counts : tensor<8xf32>
  %n = func.call @normalize_k0_softmax(%s) : (tensor<8xf32>) -> tensor<8xf32>
  ml_program.global_store @counts = %n : tensor<8xf32>
  return
}
func.func private @bump_k0_add(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func private @normalize_k0_softmax(%a: tensor<8xf32>) -> tensor<8xf32> attributes {umc.kernel = 1 : i64} {
  %0 = umc.softmax %a {axis = 0 : i64} : tensor<8xf32>
  return %0 : tensor<8xf32>
}
