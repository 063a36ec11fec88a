func.func @softmax_first_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = -3 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}
