func.func @repeat(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %nv = tensor.extract %n[] : tensor<i64>
  %ni = arith.index_cast %nv : i64 to index
  %r = scf.for %i = %c0 to %ni step %c1 iter_args(%a = %x) -> (tensor<4xf32>) {
    %y = func.call @repeat_k0_add(%a) : (tensor<4xf32>) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @repeat_k0_add(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
