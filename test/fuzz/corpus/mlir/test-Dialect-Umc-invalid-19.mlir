func.func @layer_norm_bias_type(%x: tensor<2x32xf32>, %b: tensor<32xf16>) {
  %0 = umc.layer_norm %x bias %b : (tensor<2x32xf32>, tensor<32xf16>) -> tensor<2x32xf32>
  return
}
