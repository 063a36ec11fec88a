func.func @attention(%q: tensor<2x4x8x16xf32>, %k: tensor<2x2x8x16xf32>, %v: tensor<2x2x8x8xf32>,
                     %pos: tensor<8xi32>, %gq: tensor<16xf32>, %gk: tensor<16xf32>,
                     %kc: tensor<2x2x12x16xf32>, %vc: tensor<2x2x12x8xf32>, %k8: tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32> {
  %qr = umc.rope %q, %pos : (tensor<2x4x8x16xf32>, tensor<8xi32>) -> tensor<2x4x8x16xf32>
  %kr = umc.rope %k, %pos theta = 5.0e5 : (tensor<2x2x8x16xf32>, tensor<8xi32>) -> tensor<2x2x8x16xf32>
  %0 = umc.attention %qr, %kr, %v mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  %1 = umc.attention %0, %k8, %v mask <full> scale = 0.125 : (tensor<2x4x8x8xf32>, tensor<2x2x8x8xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  %2 = umc.attention %q, %k, %v mask <omni, spans = [2, 6]> qk_norm(%gq, %gk) : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x8x8xf32>
  %3 = umc.attention %q, %k, %v mask <sliding_window, window = 3> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  %4 = umc.attention %q, %k, %v mask <block_sparse, block = 4, layout = [1, 0, 1, 1]> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  %5 = umc.attention %q, %kc, %vc mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x12x16xf32>, tensor<2x2x12x8xf32>) -> tensor<2x4x8x8xf32>
  return %5 : tensor<2x4x8x8xf32>
}
