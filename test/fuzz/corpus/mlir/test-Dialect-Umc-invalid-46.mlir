func.func @transpose_not_permutation(%x: tensor<2x8xf32>) {
  %0 = umc.transpose %x [0, 0] : tensor<2x8xf32> -> tensor<2x2xf32>
  return
}
