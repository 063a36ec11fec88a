func.func @concat_last_negative(%x: tensor<2x8x32xf32>, %y: tensor<2x8x16xf32>, %z: tensor<2x8x4xf32>) -> tensor<2x8x52xf32> {
  %0 = umc.concat %x, %y, %z axis = -1 : (tensor<2x8x32xf32>, tensor<2x8x16xf32>, tensor<2x8x4xf32>) -> tensor<2x8x52xf32>
  return %0 : tensor<2x8x52xf32>
}
func.func @concat_first_negative(%x: tensor<2x8xf32>, %y: tensor<3x8xf32>) -> tensor<5x8xf32> {
  %0 = umc.concat %x, %y axis = -2 : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<5x8xf32>
  return %0 : tensor<5x8xf32>
}
