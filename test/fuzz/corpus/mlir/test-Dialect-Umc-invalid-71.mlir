func.func @fusion_no_yield(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "elementwise" : tensor<4x8xf32> {
    %1 = umc.exp %x : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}
