func.func @transpose(%x: tensor<2x8x32xf32>) -> tensor<32x8x2xf32> {
  %0 = umc.transpose %x [2, 1, 0] : tensor<2x8x32xf32> -> tensor<32x8x2xf32>
  return %0 : tensor<32x8x2xf32>
}
