func.func @attention_runtime_masks(%q: tensor<2x4x1x16xf32>, %kc: tensor<2x2x32x16xf32>, %vc: tensor<2x2x32x16xf32>,
                                   %bias: tensor<4x1x32xf32>, %keep: tensor<2x32xi8>, %pos: tensor<i32>,
                                   %x: tensor<2x4x1x16xf32>, %positions: tensor<2x1xi32>) -> (tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>) {
  %0 = umc.attention %q, %kc, %vc mask <causal> bias %bias key_padding %keep query_offset %pos : (tensor<2x4x1x16xf32>, tensor<2x2x32x16xf32>, tensor<2x2x32x16xf32>, tensor<4x1x32xf32>, tensor<2x32xi8>, tensor<i32>) -> tensor<2x4x1x16xf32>
  %1 = umc.rope %x, %positions : (tensor<2x4x1x16xf32>, tensor<2x1xi32>) -> tensor<2x4x1x16xf32>
  return %0, %1 : tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>
}
