func.func @attention_causal_keys(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x4x16xf32>) {
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) -> tensor<1x4x8x16xf32>
  return
}
