func.func @vq_quantize_result(%z: tensor<2x37x8xf32>, %c: tensor<5x8xf32>) {
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xf32>, tensor<5x8xf32>) -> tensor<2x37x8xi32>
  return
}
