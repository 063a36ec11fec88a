func.func @rope_positions_per_sample(%x: tensor<2x4x8x16xf32>, %pos: tensor<2x8xi32>) -> tensor<2x4x8x16xf32> {
  %0 = umc.rope %x, %pos : (tensor<2x4x8x16xf32>, tensor<2x8xi32>) -> tensor<2x4x8x16xf32>
  return %0 : tensor<2x4x8x16xf32>
}
