func.func @fused(%x: tensor<4x8xf32>, %d: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %h, %n = umc.fusion "residual_norm" : tensor<4x8xf32>, tensor<4x8xf32> {
    %0 = umc.add %x, %d : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %1 = umc.layer_norm %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
    umc.yield %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
  }
  %e = umc.exp %h : tensor<4x8xf32>
  return %e, %n : tensor<4x8xf32>, tensor<4x8xf32>
}
