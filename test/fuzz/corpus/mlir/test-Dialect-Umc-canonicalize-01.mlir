func.func @reshape_round_trip(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  %1 = umc.reshape %0 : tensor<16xf32> -> tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}
