func.func @rope_positions(%x: tensor<8x16xf32>, %p: tensor<4xi32>) {
  %0 = umc.rope %x, %p : (tensor<8x16xf32>, tensor<4xi32>) -> tensor<8x16xf32>
  return
}
