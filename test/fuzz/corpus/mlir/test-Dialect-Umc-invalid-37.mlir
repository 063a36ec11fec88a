func.func @attention_qk_norm_shape(%q: tensor<1x4x8x16xf32>, %g: tensor<8xf32>) {
  %0 = umc.attention %q, %q, %q mask <causal> qk_norm(%g, %g) : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8x16xf32>
  return
}
