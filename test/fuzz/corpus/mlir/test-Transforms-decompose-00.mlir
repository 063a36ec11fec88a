func.func @split_uneven(%x: tensor<2x7xf32>) -> (tensor<2x3xf32>, tensor<2x4xf32>) {
  %0:2 = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<2x4xf32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x4xf32>
}
