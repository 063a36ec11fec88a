func.func @embed(%ids: tensor<2x3xi32>, %t: tensor<10x4xf32>) -> tensor<2x3x4xf32> {
  %0 = func.call @embed_k0_embedding(%ids, %t) : (tensor<2x3xi32>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func private @embed_k0_embedding(%ids: tensor<2x3xi32>, %t: tensor<10x4xf32>) -> tensor<2x3x4xf32> attributes {umc.index_checks = [{binding = 0 : i64, bound = 10 : i64, loc = "m.mlir:2:8", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}], umc.kernel = 0 : i64} {
  %0 = umc.embedding %ids, %t : (tensor<2x3xi32>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
