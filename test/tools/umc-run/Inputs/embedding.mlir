// An embedding for the umc-run tests: 16 rows of 4, ids of shape 2x4.
func.func @embed(%ids: tensor<2x4xi32>, %table: tensor<16x4xf32> {umc.param = "table"}) -> tensor<2x4x4xf32> {
  %e = umc.embedding %ids, %table : (tensor<2x4xi32>, tensor<16x4xf32>) -> tensor<2x4x4xf32>
  return %e : tensor<2x4x4xf32>
}
