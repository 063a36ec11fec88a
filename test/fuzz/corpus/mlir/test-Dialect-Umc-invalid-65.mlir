func.func @patchify_rank(%x: tensor<3x8x8xf32>) {
  %0 = umc.patchify %x patch_size = 4 : (tensor<3x8x8xf32>) -> tensor<3x4x16xf32>
  return
}
