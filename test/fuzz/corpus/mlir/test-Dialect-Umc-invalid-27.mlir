func.func @rope_odd_dim(%x: tensor<8x15xf32>, %p: tensor<8xi32>) {
  %0 = umc.rope %x, %p : (tensor<8x15xf32>, tensor<8xi32>) -> tensor<8x15xf32>
  return
}
