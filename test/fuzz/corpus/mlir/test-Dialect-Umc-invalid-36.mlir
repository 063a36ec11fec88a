func.func @attention_types(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x16xbf16>) {
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xbf16>, tensor<1x4x8x16xbf16>) -> tensor<1x4x8x16xf32>
  return
}
