func.func @attention_scale(%q: tensor<1x4x8x16xf32>) {
  %0 = umc.attention %q, %q, %q mask <causal> scale = -1.0 : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}
