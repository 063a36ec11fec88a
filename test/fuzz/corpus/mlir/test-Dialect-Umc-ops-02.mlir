func.func @contractions(%x: tensor<2x8x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>,
                        %q: tensor<2x4x8x16xf32>, %kt: tensor<4x16x8xf32>,
                        %ids: tensor<2x8xi64>, %table: tensor<100x16xf16>)
    -> (tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x4x8x8xf32>, tensor<2x8x16xf16>) {
  %0 = umc.linear %x, %w, %b : (tensor<2x8x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %1 = umc.linear %x, %w : (tensor<2x8x16xf32>, tensor<32x16xf32>) -> tensor<2x8x32xf32>
  %2 = umc.matmul %q, %kt : (tensor<2x4x8x16xf32>, tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32>
  %3 = umc.embedding %ids, %table : (tensor<2x8xi64>, tensor<100x16xf16>) -> tensor<2x8x16xf16>
  return %0, %1, %2, %3 : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x4x8x8xf32>, tensor<2x8x16xf16>
}
