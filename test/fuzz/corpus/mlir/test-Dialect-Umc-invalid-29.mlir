func.func @rope_theta(%x: tensor<8x16xf32>, %p: tensor<8xi32>) {
  %0 = umc.rope %x, %p theta = 0.0 : (tensor<8x16xf32>, tensor<8xi32>) -> tensor<8x16xf32>
  return
}
