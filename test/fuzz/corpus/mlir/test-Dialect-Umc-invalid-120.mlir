func.func @vq_quantize_dim(%z: tensor<2x37x8xf32>, %c: tensor<5x7xf32>) {
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xf32>, tensor<5x7xf32>) -> tensor<2x37xi32>
  return
}
