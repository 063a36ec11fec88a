func.func @attention_head_dim(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x8xf32>) {
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}
