func.func @layer_norm_bf16(%x: tensor<2x8x32xbf16>, %g: tensor<32xbf16>, %b: tensor<32xbf16>) -> tensor<2x8x32xbf16> {
  %0 = umc.layer_norm %x scale %g bias %b eps = 1.0e-3 : (tensor<2x8x32xbf16>, tensor<32xbf16>, tensor<32xbf16>) -> tensor<2x8x32xbf16>
  return %0 : tensor<2x8x32xbf16>
}
