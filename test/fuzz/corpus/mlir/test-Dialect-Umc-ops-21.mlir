func.func @vq(%z: tensor<2x37x8xbf16>, %c: tensor<5x8xbf16>) -> tensor<2x37x8xbf16> {
  %ids = umc.vq_quantize %z, %c : (tensor<2x37x8xbf16>, tensor<5x8xbf16>) -> tensor<2x37xi32>
  %zq = umc.vq_lookup %ids, %c : (tensor<2x37xi32>, tensor<5x8xbf16>) -> tensor<2x37x8xbf16>
  return %zq : tensor<2x37x8xbf16>
}
