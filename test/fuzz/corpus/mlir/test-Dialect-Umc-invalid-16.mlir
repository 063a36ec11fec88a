func.func @embedding_float_ids(%i: tensor<4xf32>, %t: tensor<100x8xf32>) {
  %0 = umc.embedding %i, %t : (tensor<4xf32>, tensor<100x8xf32>) -> tensor<4x8xf32>
  return
}
