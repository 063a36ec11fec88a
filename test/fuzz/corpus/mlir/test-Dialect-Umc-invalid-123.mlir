func.func @vq_lookup_codebook(%i: tensor<2x37xi32>, %c: tensor<40xf32>) {
  %0 = umc.vq_lookup %i, %c : (tensor<2x37xi32>, tensor<40xf32>) -> tensor<2x37x8xf32>
  return
}
