func.func @transpose_length(%x: tensor<2x8xf32>) {
  %0 = umc.transpose %x [1, 0, 2] : tensor<2x8xf32> -> tensor<8x2xf32>
  return
}
