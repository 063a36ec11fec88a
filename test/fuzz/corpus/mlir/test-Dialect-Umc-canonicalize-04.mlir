func.func @transpose_inverse(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = umc.transpose %x [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = umc.transpose %0 [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
