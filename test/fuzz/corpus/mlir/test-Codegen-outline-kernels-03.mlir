func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.tanh %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @second(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = umc.softmax %0 axis = 0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
func.func private @declared(tensor<4xf32>) -> tensor<4xf32>
