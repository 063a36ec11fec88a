func.func @block(
    %x: tensor<2x16x64xf32>, %positions: tensor<16xi32>,
    %ln1_weight: tensor<64xf32> {umc.param = "ln1.weight"},
    %ln1_bias: tensor<64xf32> {umc.param = "ln1.bias"},
    %wq: tensor<64x64xf32> {umc.param = "attn.q_proj.weight"},
    %wk: tensor<64x64xf32> {umc.param = "attn.k_proj.weight"},
    %wv: tensor<64x64xf32> {umc.param = "attn.v_proj.weight"},
    %wo: tensor<64x64xf32> {umc.param = "attn.o_proj.weight"},
    %bo: tensor<64xf32> {umc.param = "attn.o_proj.bias"},
    %ln2_weight: tensor<64xf32> {umc.param = "ln2.weight"},
    %ln2_bias: tensor<64xf32> {umc.param = "ln2.bias"},
    %w1: tensor<256x64xf32> {umc.param = "mlp.fc1.weight"},
    %b1: tensor<256xf32> {umc.param = "mlp.fc1.bias"},
    %w2: tensor<64x256xf32> {umc.param = "mlp.fc2.weight"},
    %b2: tensor<64xf32> {umc.param = "mlp.fc2.bias"}) -> tensor<2x16x64xf32> {
  %n1 = umc.layer_norm %x scale %ln1_weight bias %ln1_bias : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %q = umc.linear %n1, %wq : (tensor<2x16x64xf32>, tensor<64x64xf32>) -> tensor<2x16x64xf32>
  %k = umc.linear %n1, %wk : (tensor<2x16x64xf32>, tensor<64x64xf32>) -> tensor<2x16x64xf32>
  %v = umc.linear %n1, %wv : (tensor<2x16x64xf32>, tensor<64x64xf32>) -> tensor<2x16x64xf32>
  %q4 = umc.reshape %q : tensor<2x16x64xf32> -> tensor<2x16x4x16xf32>
  %k4 = umc.reshape %k : tensor<2x16x64xf32> -> tensor<2x16x4x16xf32>
  %v4 = umc.reshape %v : tensor<2x16x64xf32> -> tensor<2x16x4x16xf32>
  %qh = umc.transpose %q4 [0, 2, 1, 3] : tensor<2x16x4x16xf32> -> tensor<2x4x16x16xf32>
  %kh = umc.transpose %k4 [0, 2, 1, 3] : tensor<2x16x4x16xf32> -> tensor<2x4x16x16xf32>
  %vh = umc.transpose %v4 [0, 2, 1, 3] : tensor<2x16x4x16xf32> -> tensor<2x4x16x16xf32>
  %qr = umc.rope %qh, %positions : (tensor<2x4x16x16xf32>, tensor<16xi32>) -> tensor<2x4x16x16xf32>
  %kr = umc.rope %kh, %positions : (tensor<2x4x16x16xf32>, tensor<16xi32>) -> tensor<2x4x16x16xf32>
  %o = umc.attention %qr, %kr, %vh mask <causal> : (tensor<2x4x16x16xf32>, tensor<2x4x16x16xf32>, tensor<2x4x16x16xf32>) -> tensor<2x4x16x16xf32>
  %ot = umc.transpose %o [0, 2, 1, 3] : tensor<2x4x16x16xf32> -> tensor<2x16x4x16xf32>
  %o3 = umc.reshape %ot : tensor<2x16x4x16xf32> -> tensor<2x16x64xf32>
  %proj = umc.linear %o3, %wo, %bo : (tensor<2x16x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %h = umc.add %x, %proj : (tensor<2x16x64xf32>, tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  %n2 = umc.layer_norm %h scale %ln2_weight bias %ln2_bias : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %up = umc.linear %n2, %w1, %b1 : (tensor<2x16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<2x16x256xf32>
  %act = umc.gelu %up : tensor<2x16x256xf32>
  %down = umc.linear %act, %w2, %b2 : (tensor<2x16x256xf32>, tensor<64x256xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %y = umc.add %h, %down : (tensor<2x16x64xf32>, tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}
