func.func @rope_positions_per_sample(%x: tensor<2x4x8x16xf32>, %p: tensor<3x8xi32>) {
  %0 = umc.rope %x, %p : (tensor<2x4x8x16xf32>, tensor<3x8xi32>) -> tensor<2x4x8x16xf32>
  return
}
