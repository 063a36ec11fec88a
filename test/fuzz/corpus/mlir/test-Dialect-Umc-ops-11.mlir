func.func @reductions_and_indices(%x: tensor<2x7x5xf32>) -> (tensor<2x5xf32>, tensor<2x7x1xf32>, tensor<7x5xf32>, tensor<2x7xi64>, tensor<7xi32>, tensor<2x3x5xf32>, tensor<2x4x5xf32>) {
  %0 = umc.sum %x axis = 1 : tensor<2x7x5xf32> -> tensor<2x5xf32>
  %1 = umc.mean %x axis = -1 keep_dim : tensor<2x7x5xf32> -> tensor<2x7x1xf32>
  %2 = umc.max %x axis = 0 : tensor<2x7x5xf32> -> tensor<7x5xf32>
  %3 = umc.argmax %x axis = 2 : tensor<2x7x5xf32> -> tensor<2x7xi64>
  %4 = umc.iota axis = 0 : tensor<7xi32>
  %5:2 = umc.split %x axis = 1 : tensor<2x7x5xf32> -> tensor<2x3x5xf32>, tensor<2x4x5xf32>
  return %0, %1, %2, %3, %4, %5#0, %5#1 : tensor<2x5xf32>, tensor<2x7x1xf32>, tensor<7x5xf32>, tensor<2x7xi64>, tensor<7xi32>, tensor<2x3x5xf32>, tensor<2x4x5xf32>
}
