func.func @reshape_shared(%x: tensor<2x8xf32>) -> (tensor<16xf32>, tensor<4x4xf32>) {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  %1 = umc.reshape %0 : tensor<16xf32> -> tensor<4x4xf32>
  return %0, %1 : tensor<16xf32>, tensor<4x4xf32>
}
