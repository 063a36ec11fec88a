ml_program.global private mutable @total(dense<0.0> : tensor<4x8xf32>) : tensor<4x8xf32>
func.func @looped(%x: tensor<4x4xf32>, %w: tensor<8x4xf32>, %n: tensor<i64>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = ml_program.global_load @total : tensor<4x8xf32>
  %nv = tensor.extract %n[] : tensor<i64>
  %ni = arith.index_cast %nv : i64 to index
  %r = scf.for %i = %c0 to %ni step %c1 iter_args(%a = %t) -> (tensor<4x8xf32>) {
    %y = umc.linear %x, %w : (tensor<4x4xf32>, tensor<8x4xf32>) -> tensor<4x8xf32>
    scf.yield %y : tensor<4x8xf32>
  }
  %big = arith.cmpi sgt, %nv, %nv : i64
  %e = scf.if %big -> (tensor<4x8xf32>) {
    %z = umc.exp %r : tensor<4x8xf32>
    scf.yield %z : tensor<4x8xf32>
  } else {
    scf.yield %r : tensor<4x8xf32>
  }
  ml_program.global_store @total = %e : tensor<4x8xf32>
  return %e : tensor<4x8xf32>
}
