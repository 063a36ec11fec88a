func.func @reshape_of_reshape(%x: tensor<2x8x4xf32>) -> tensor<64xf32> {
  %0 = umc.reshape %x : tensor<2x8x4xf32> -> tensor<16x4xf32>
  %1 = umc.reshape %0 : tensor<16x4xf32> -> tensor<64xf32>
  return %1 : tensor<64xf32>
}
