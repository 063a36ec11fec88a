func.func @argmax_shape(%x: tensor<2x7xf32>) {
  %0 = umc.argmax %x axis = 1 : tensor<2x7xf32> -> tensor<7xi32>
  return
}
