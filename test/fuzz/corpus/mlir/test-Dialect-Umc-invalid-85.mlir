func.func @attention_bias_shape(%q: tensor<2x4x8x16xf32>, %b: tensor<3x8x8xf32>) {
  %0 = umc.attention %q, %q, %q mask <causal> bias %b : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<3x8x8xf32>) -> tensor<2x4x8x16xf32>
  return
}
