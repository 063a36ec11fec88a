func.func @linear_wrong_result(%x: tensor<2x16xf32>, %w: tensor<32x16xf32>) {
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<32x16xf32>) -> tensor<2x16xf32>
  return
}
