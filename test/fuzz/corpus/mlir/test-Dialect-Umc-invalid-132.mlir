func.func @unpatchify_wrong_features(%x: tensor<2x4x32xf32>) {
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x4x32xf32>) -> tensor<2x3x8x8xf32>
  return
}
