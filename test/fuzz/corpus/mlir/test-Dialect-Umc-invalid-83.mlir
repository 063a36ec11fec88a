func.func @split_other_dims(%x: tensor<2x7xf32>) {
  %0:2 = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<3x4xf32>
  return
}
