func.func @patchify_zero(%x: tensor<1x3x8x8xf32>) {
  %0 = umc.patchify %x patch_size = 0 : (tensor<1x3x8x8xf32>) -> tensor<1x4x48xf32>
  return
}
