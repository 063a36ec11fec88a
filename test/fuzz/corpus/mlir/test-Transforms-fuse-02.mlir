func.func @group_norm_silu(%x: tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32> {
  %n = umc.group_norm %x groups = 4 : (tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32>
  %s = umc.silu %n : tensor<2x8x4x4xf32>
  return %s : tensor<2x8x4x4xf32>
}
