func.func @sum_axis(%x: tensor<2x7xf32>) {
  %0 = umc.sum %x axis = 2 : tensor<2x7xf32> -> tensor<2xf32>
  return
}
