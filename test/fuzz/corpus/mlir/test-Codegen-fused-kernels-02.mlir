func.func @linear_gelu(%x: tensor<64x32xf32>, %w: tensor<256x32xf32>) -> tensor<64x256xf32> {
  %y = umc.linear %x, %w : (tensor<64x32xf32>, tensor<256x32xf32>) -> tensor<64x256xf32>
  %g = umc.gelu %y : tensor<64x256xf32>
  return %g : tensor<64x256xf32>
}
