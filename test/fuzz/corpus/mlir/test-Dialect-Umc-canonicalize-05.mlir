func.func @identity_ops(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = umc.transpose %x [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = umc.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = umc.concat %x axis = 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = umc.slice %x offsets = [0, 0] sizes = [2, 3] strides = [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
