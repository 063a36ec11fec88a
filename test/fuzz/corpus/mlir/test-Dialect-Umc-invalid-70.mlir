func.func @fusion_nested(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "outer" : tensor<4x8xf32> {
    %1 = umc.fusion "inner" : tensor<4x8xf32> {
      %2 = umc.exp %x : tensor<4x8xf32>
      umc.yield %2 : tensor<4x8xf32>
    }
    umc.yield %1 : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}
