func.func @attention_key_padding_shape(%q: tensor<2x4x8x16xf32>, %p: tensor<2x9xi32>) {
  %0 = umc.attention %q, %q, %q mask <full> key_padding %p : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x9xi32>) -> tensor<2x4x8x16xf32>
  return
}
