func.func @conv2d_grouped_dilated_bf16(%x: tensor<2x4x16x16xbf16>, %w: tensor<4x2x3x3xbf16>) -> tensor<2x4x12x12xbf16> {
  %0 = umc.conv2d %x, %w dilation = [2, 2] groups = 2 : (tensor<2x4x16x16xbf16>, tensor<4x2x3x3xbf16>) -> tensor<2x4x12x12xbf16>
  return %0 : tensor<2x4x12x12xbf16>
}
