func.func @unpatchify_partial_patch(%x: tensor<2x4x48xf32>) {
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x4x48xf32>) -> tensor<2x3x8x6xf32>
  return
}
