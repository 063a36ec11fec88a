func.func @patch_embed_weight_not_conv(%img: tensor<2x3x8x8xf32>, %w: tensor<64x48xf32>, %b: tensor<64xf32>) {
  %0 = umc.patch_embed %img, %w, %b patch_size = 4 : (tensor<2x3x8x8xf32>, tensor<64x48xf32>, tensor<64xf32>) -> tensor<2x4x64xf32>
  return
}
