func.func @attention_omni_span_past_keys(%q: tensor<1x4x8x16xf32>) {
  %0 = umc.attention %q, %q, %q mask <omni, spans = [4, 12]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}
