func.func @fusion_foreign_op(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "elementwise" : tensor<4x8xf32> {
    %1 = tensor.empty() : tensor<4x8xf32>
    umc.yield %1 : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}
