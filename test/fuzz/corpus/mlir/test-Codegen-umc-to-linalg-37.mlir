func.func @max_of_integers(%x: tensor<2x7xi32>) -> tensor<2xi32> {
  %0 = umc.max %x axis = -1 : tensor<2x7xi32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
