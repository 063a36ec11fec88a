func.func @softmax_bf16(%x: tensor<2x8xbf16>) -> tensor<2x8xbf16> {
  %0 = umc.softmax %x : tensor<2x8xbf16>
  return %0 : tensor<2x8xbf16>
}
