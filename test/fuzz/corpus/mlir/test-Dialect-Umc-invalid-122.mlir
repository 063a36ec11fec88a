func.func @vq_lookup_float_ids(%i: tensor<2x37xf32>, %c: tensor<5x8xf32>) {
  %0 = umc.vq_lookup %i, %c : (tensor<2x37xf32>, tensor<5x8xf32>) -> tensor<2x37x8xf32>
  return
}
