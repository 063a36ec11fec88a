func.func @attention_query_offset_rank(%q: tensor<1x4x1x16xf32>, %k: tensor<1x4x32x16xf32>, %p: tensor<1xi32>) {
  %0 = umc.attention %q, %k, %k mask <causal> query_offset %p : (tensor<1x4x1x16xf32>, tensor<1x4x32x16xf32>, tensor<1x4x32x16xf32>, tensor<1xi32>) -> tensor<1x4x1x16xf32>
  return
}
