func.func @patch_embed(%img: tensor<2x3x8x12xf32>, %w: tensor<5x3x4x4xf32>, %b: tensor<5xf32>, %pos: tensor<6x5xf32>) -> tensor<2x6x5xf32> {
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x12xf32>, tensor<5x3x4x4xf32>, tensor<5xf32>, tensor<6x5xf32>) -> tensor<2x6x5xf32>
  return %0 : tensor<2x6x5xf32>
}
