func.func @attention_layout_size(%q: tensor<1x4x8x16xf32>) {
  %0 = umc.attention %q, %q, %q mask <block_sparse, block = 4, layout = [1, 1, 1]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}
