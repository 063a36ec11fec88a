func.func @gelu_bf16(%x: tensor<2x8xbf16>) -> (tensor<2x8xbf16>, tensor<2x8xbf16>) {
  %0 = umc.gelu %x : tensor<2x8xbf16>
  %1 = umc.gelu %x approximate = tanh : tensor<2x8xbf16>
  return %0, %1 : tensor<2x8xbf16>, tensor<2x8xbf16>
}
