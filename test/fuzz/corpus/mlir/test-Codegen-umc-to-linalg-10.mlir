func.func @matmul_batch_broadcast(%q: tensor<2x4x8x16xf32>, %kt: tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32> {
  %0 = umc.matmul %q, %kt : (tensor<2x4x8x16xf32>, tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}
