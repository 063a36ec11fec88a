func.func @rope_rank(%x: tensor<16xf32>, %p: tensor<16xi32>) {
  %0 = umc.rope %x, %p : (tensor<16xf32>, tensor<16xi32>) -> tensor<16xf32>
  return
}
