ml_program.global private mutable @slot(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @exchange(%x: tensor<4xf32>) -> tensor<4xf32> {
  %old = ml_program.global_load @slot : tensor<4xf32>
  ml_program.global_store @slot = %x : tensor<4xf32>
  return %old : tensor<4xf32>
}
