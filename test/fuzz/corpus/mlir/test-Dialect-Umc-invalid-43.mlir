func.func @attention_layout_empty_row(%q: tensor<1x4x8x16xf32>) {
  %0 = umc.attention %q, %q, %q mask <block_sparse, block = 4, layout = [1, 0, 0, 0]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}
