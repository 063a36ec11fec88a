func.func @patches(%img: tensor<2x3x8x12xf32>, %w: tensor<64x3x4x4xf32>, %b: tensor<64xf32>, %pos: tensor<6x64xf32>, %x: tensor<2x6x64xf32>, %g: tensor<2x64xf32>) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>) {
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x12xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>, tensor<6x64xf32>) -> tensor<2x6x64xf32>
  %1 = umc.gated_add %x, %0 gate %g : (tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x64xf32>) -> tensor<2x6x64xf32>
  %p = umc.reshape %x : tensor<2x6x64xf32> -> tensor<2x6x64xf32>
  %q = umc.slice %p offsets = [0, 0, 0] sizes = [2, 6, 48] : tensor<2x6x64xf32> -> tensor<2x6x48xf32>
  %2 = umc.unpatchify %q patch_size = 4 : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  %3 = umc.unpatchify %q patch_size = 4 channels_last : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  return %0, %1, %2, %3 : tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>
}
