func.func @mean_of_integers(%x: tensor<2x7xi32>) {
  %0 = umc.mean %x axis = 1 : tensor<2x7xi32> -> tensor<2xi32>
  return
}
