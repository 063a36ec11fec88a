func.func @reshape(%x: tensor<2x8x32xf32>) -> tensor<16x32xf32> {
  %0 = umc.reshape %x : tensor<2x8x32xf32> -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}
func.func @reshape_to_flat(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func @reshape_from_flat(%x: tensor<16xf32>) -> tensor<2x8xf32> {
  %0 = umc.reshape %x : tensor<16xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
