func.func @grow(%x: tensor<4xf32>, %limit: tensor<f32>) -> (tensor<4xf32>, tensor<i64>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %l = tensor.extract %limit[] : tensor<f32>
  %r:2 = scf.while (%v = %x, %k = %zero) : (tensor<4xf32>, i64) -> (tensor<4xf32>, i64) {
    %e = tensor.extract %v[%c0] : tensor<4xf32>
    %go = arith.cmpf ole, %e, %l : f32
    scf.condition(%go) %v, %k : tensor<4xf32>, i64
  } do {
  ^bb0(%v: tensor<4xf32>, %k: i64):
    %y = func.call @grow_k0_add(%v) : (tensor<4xf32>) -> tensor<4xf32>
    %k1 = arith.addi %k, %one : i64
    scf.yield %y, %k1 : tensor<4xf32>, i64
  }
  %steps = tensor.from_elements %r#1 : tensor<i64>
  return %r#0, %steps : tensor<4xf32>, tensor<i64>
}
func.func private @grow_k0_add(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
