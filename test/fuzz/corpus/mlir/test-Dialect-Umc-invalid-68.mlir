func.func @fusion_yield_types(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "elementwise" : tensor<8x4xf32> {
    %1 = umc.exp %x : tensor<4x8xf32>
    umc.yield %1 : tensor<4x8xf32>
  }
  return %x : tensor<4x8xf32>
}
