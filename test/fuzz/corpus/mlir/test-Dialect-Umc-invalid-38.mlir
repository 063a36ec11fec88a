func.func @attention_qk_norm_half(%q: tensor<1x4x8x16xf32>, %g: tensor<16xf32>) {
  %0 = "umc.attention"(%q, %q, %q, %g) <{mask = #umc.mask<causal>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 1, 0>}> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<16xf32>) -> tensor<1x4x8x16xf32>
  return
}
