func.func @attention_causal_gqa_bf16(%q: tensor<2x4x8x16xbf16>, %k: tensor<2x2x12x16xbf16>, %v: tensor<2x2x12x8xbf16>) -> tensor<2x4x8x8xbf16> {
  %0 = umc.attention %q, %k, %v mask <causal> : (tensor<2x4x8x16xbf16>, tensor<2x2x12x16xbf16>, tensor<2x2x12x8xbf16>) -> tensor<2x4x8x8xbf16>
  return %0 : tensor<2x4x8x8xbf16>
}
