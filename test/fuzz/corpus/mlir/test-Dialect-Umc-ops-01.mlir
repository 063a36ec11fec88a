func.func @activations(%x: tensor<2x8xbf16>) -> tensor<2x8xbf16> {
  %0 = umc.gelu %x : tensor<2x8xbf16>
  %1 = umc.gelu %0 approximate = tanh : tensor<2x8xbf16>
  %2 = umc.gelu %1 approximate = none : tensor<2x8xbf16>
  %3 = umc.silu %2 : tensor<2x8xbf16>
  %4 = umc.softmax %3 : tensor<2x8xbf16>
  %5 = umc.softmax %4 axis = 0 : tensor<2x8xbf16>
  return %5 : tensor<2x8xbf16>
}
