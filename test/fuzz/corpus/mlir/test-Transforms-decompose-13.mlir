func.func @vq_quantize_bf16(%z: tensor<2x37x8xbf16>, %c: tensor<5x8xbf16>) -> tensor<2x37xi32> {
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xbf16>, tensor<5x8xbf16>) -> tensor<2x37xi32>
  return %0 : tensor<2x37xi32>
}
