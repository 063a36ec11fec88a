func.func @embedding_table_rank(%i: tensor<4xi32>, %t: tensor<100xf32>) {
  %0 = umc.embedding %i, %t : (tensor<4xi32>, tensor<100xf32>) -> tensor<4xf32>
  return
}
