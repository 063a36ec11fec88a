func.func @linear_weight_type(%x: tensor<2x16xf32>, %w: tensor<32x16xbf16>) {
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<32x16xbf16>) -> tensor<2x32xf32>
  return
}
