func.func @unpatchify(%x: tensor<2x6x48xf32>) -> (tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>) {
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  %1 = umc.unpatchify %x patch_size = 4 channels_last : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  return %0, %1 : tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>
}
