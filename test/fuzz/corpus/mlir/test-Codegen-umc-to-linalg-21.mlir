func.func @attention_query_offset_key_padding(%q: tensor<1x2x1x4xf32>, %k: tensor<1x2x16x4xf32>, %p: tensor<i32>, %keep: tensor<1x16xi8>) -> tensor<1x2x1x4xf32> {
  %0 = umc.attention %q, %k, %k mask <causal> key_padding %keep query_offset %p : (tensor<1x2x1x4xf32>, tensor<1x2x16x4xf32>, tensor<1x2x16x4xf32>, tensor<1x16xi8>, tensor<i32>) -> tensor<1x2x1x4xf32>
  return %0 : tensor<1x2x1x4xf32>
}
