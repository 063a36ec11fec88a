func.func @linear_bias_shape(%x: tensor<2x16xf32>, %w: tensor<32x16xf32>, %b: tensor<16xf32>) {
  %0 = umc.linear %x, %w, %b : (tensor<2x16xf32>, tensor<32x16xf32>, tensor<16xf32>) -> tensor<2x32xf32>
  return
}
