func.func @patchify(%x: tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32> {
  %0 = umc.patchify %x patch_size = 4 : (tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32>
  return %0 : tensor<2x16x48xf32>
}
