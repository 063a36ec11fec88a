func.func @argmax(%x: tensor<2x7xf32>) -> tensor<2xi32> {
  %0 = umc.argmax %x axis = 1 : tensor<2x7xf32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
