func.func @transpose_result(%x: tensor<2x8xf32>) {
  %0 = umc.transpose %x [1, 0] : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}
