func.func @patch_embed_positions(%img: tensor<2x3x8x8xf32>, %w: tensor<64x3x4x4xf32>, %b: tensor<64xf32>, %pos: tensor<16x64xf32>) {
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x8xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>, tensor<16x64xf32>) -> tensor<2x4x64xf32>
  return
}
