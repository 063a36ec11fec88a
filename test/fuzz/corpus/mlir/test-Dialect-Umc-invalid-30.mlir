func.func @attention_rank(%q: tensor<4x8x16xf32>, %k: tensor<4x8x16xf32>) {
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<4x8x16xf32>, tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
  return
}
