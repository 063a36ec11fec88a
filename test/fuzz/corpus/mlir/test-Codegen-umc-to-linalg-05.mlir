func.func @softmax_middle_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = 1 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}
func.func @softmax_negative_middle_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = -2 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}
