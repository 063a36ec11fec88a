func.func @cast_float_to_bf16(%x: tensor<4xf32>) -> tensor<4xbf16> {
  %0 = umc.cast %x : tensor<4xf32> -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}
