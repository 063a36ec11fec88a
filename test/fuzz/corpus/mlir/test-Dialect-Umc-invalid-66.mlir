func.func @patchify_divisible(%x: tensor<1x3x8x6xf32>) {
  %0 = umc.patchify %x patch_size = 4 : (tensor<1x3x8x6xf32>) -> tensor<1x2x48xf32>
  return
}
