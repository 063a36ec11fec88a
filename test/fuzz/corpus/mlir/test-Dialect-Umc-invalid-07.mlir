func.func @linear_weight_shape(%x: tensor<2x16xf32>, %w: tensor<16x32xf32>) {
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<16x32xf32>) -> tensor<2x16xf32>
  return
}
