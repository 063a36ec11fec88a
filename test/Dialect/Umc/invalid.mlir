// One case per verifier rule of the umc ops: each error names the op and
// the shapes or attributes that are wrong, at the op's location.
// RUN: umc-opt %s --split-input-file --verify-diagnostics

func.func @add_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{operands have different element types: 'f32' and 'f16'}}
  %0 = umc.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @add_no_broadcast(%a: tensor<4x32xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{operand shapes [4, 32] and [16] do not broadcast}}
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<16xf32>) -> tensor<4x32xf32>
  return
}

// -----

func.func @add_wrong_result(%a: tensor<4x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{result type 'tensor<32xf32>' does not match the operands; expected 'tensor<4x32xf32>'}}
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @div_dynamic_shape(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{must be statically shaped tensor}}
  %0 = umc.div %a, %a : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @exp_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %0 = umc.exp %a : tensor<4xi32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = umc.softmax %a axis = 2 : tensor<4x8xf32>
  return
}

// -----

func.func @linear_scalar_input(%x: tensor<f32>, %w: tensor<4x1xf32>) {
  // expected-error @+1 {{input must have rank >= 1, got a scalar tensor}}
  %0 = umc.linear %x, %w : (tensor<f32>, tensor<4x1xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @linear_weight_shape(%x: tensor<2x16xf32>, %w: tensor<16x32xf32>) {
  // expected-error @+1 {{weight must have shape [N, 16] ([out, in], in = the last input dim), got [16, 32]}}
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<16x32xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @linear_weight_type(%x: tensor<2x16xf32>, %w: tensor<32x16xbf16>) {
  // expected-error @+1 {{weight has element type 'bf16' but the input has 'f32'}}
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<32x16xbf16>) -> tensor<2x32xf32>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<2x16xf32>, %w: tensor<32x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{bias must have shape [32] (the weight's out dim), got [16]}}
  %0 = umc.linear %x, %w, %b : (tensor<2x16xf32>, tensor<32x16xf32>, tensor<16xf32>) -> tensor<2x32xf32>
  return
}

// -----

func.func @linear_wrong_result(%x: tensor<2x16xf32>, %w: tensor<32x16xf32>) {
  // expected-error @+1 {{result type 'tensor<2x16xf32>' does not match the operands; expected 'tensor<2x32xf32>'}}
  %0 = umc.linear %x, %w : (tensor<2x16xf32>, tensor<32x16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<16xf32>, %b: tensor<16x4xf32>) {
  // expected-error @+1 {{operands must have rank >= 2, got [16] and [16, 4]}}
  %0 = umc.matmul %a, %b : (tensor<16xf32>, tensor<16x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_contracted(%a: tensor<8x16xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{contracted dims differ: lhs [8, 16] has K = 16 but rhs [8, 4] has K = 8}}
  %0 = umc.matmul %a, %b : (tensor<8x16xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x8x16xf32>, %b: tensor<3x16x4xf32>) {
  // expected-error @+1 {{batch dims [2] and [3] do not broadcast}}
  %0 = umc.matmul %a, %b : (tensor<2x8x16xf32>, tensor<3x16x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @matmul_types(%a: tensor<8x16xf32>, %b: tensor<16x4xf16>) {
  // expected-error @+1 {{rhs has element type 'f16' but the input has 'f32'}}
  %0 = umc.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xf16>) -> tensor<8x4xf32>
  return
}

// -----

func.func @embedding_table_rank(%i: tensor<4xi32>, %t: tensor<100xf32>) {
  // expected-error @+1 {{table must have shape [vocab, dim], got [100]}}
  %0 = umc.embedding %i, %t : (tensor<4xi32>, tensor<100xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @embedding_float_ids(%i: tensor<4xf32>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = umc.embedding %i, %t : (tensor<4xf32>, tensor<100x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @layer_norm_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{input must have rank >= 1, got a scalar tensor}}
  %0 = umc.layer_norm %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<2x32xf32>, %g: tensor<16xf32>) {
  // expected-error @+1 {{scale must have shape [32] (the last input dim), got [16]}}
  %0 = umc.layer_norm %x scale %g : (tensor<2x32xf32>, tensor<16xf32>) -> tensor<2x32xf32>
  return
}

// -----

func.func @layer_norm_bias_type(%x: tensor<2x32xf32>, %b: tensor<32xf16>) {
  // expected-error @+1 {{bias has element type 'f16' but the input has 'f32'}}
  %0 = umc.layer_norm %x bias %b : (tensor<2x32xf32>, tensor<32xf16>) -> tensor<2x32xf32>
  return
}

// -----

func.func @layer_norm_negative_eps(%x: tensor<2x32xf32>) {
  // expected-error @+1 {{attribute 'eps' failed to satisfy constraint: 64-bit float attribute whose value is non-negative}}
  %0 = umc.layer_norm %x eps = -1.0 : (tensor<2x32xf32>) -> tensor<2x32xf32>
  return
}

// -----

func.func @rms_norm_scale_shape(%x: tensor<2x32xf32>, %g: tensor<2x32xf32>) {
  // expected-error @+1 {{scale must have shape [32] (the last input dim), got [2, 32]}}
  %0 = umc.rms_norm %x scale %g : (tensor<2x32xf32>, tensor<2x32xf32>) -> tensor<2x32xf32>
  return
}

// -----

func.func @group_norm_rank(%x: tensor<32xf32>) {
  // expected-error @+1 {{input must be [N, C, ...] (rank >= 2), got [32]}}
  %0 = umc.group_norm %x groups = 4 : (tensor<32xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @group_norm_groups(%x: tensor<2x30x4xf32>) {
  // expected-error @+1 {{30 channels do not split into 4 groups}}
  %0 = umc.group_norm %x groups = 4 : (tensor<2x30x4xf32>) -> tensor<2x30x4xf32>
  return
}

// -----

func.func @group_norm_zero_groups(%x: tensor<2x32x4xf32>) {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = umc.group_norm %x groups = 0 : (tensor<2x32x4xf32>) -> tensor<2x32x4xf32>
  return
}

// -----

func.func @group_norm_scale_shape(%x: tensor<2x32x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{scale must have shape [32] (the channel dim), got [4]}}
  %0 = umc.group_norm %x scale %g groups = 4 : (tensor<2x32x4xf32>, tensor<4xf32>) -> tensor<2x32x4xf32>
  return
}

// -----

func.func @rope_rank(%x: tensor<16xf32>, %p: tensor<16xi32>) {
  // expected-error @+1 {{input must be [..., S, D] (rank >= 2), got [16]}}
  %0 = umc.rope %x, %p : (tensor<16xf32>, tensor<16xi32>) -> tensor<16xf32>
  return
}

// -----

func.func @rope_odd_dim(%x: tensor<8x15xf32>, %p: tensor<8xi32>) {
  // expected-error @+1 {{head dim D = 15 must be even (rope rotates pairs)}}
  %0 = umc.rope %x, %p : (tensor<8x15xf32>, tensor<8xi32>) -> tensor<8x15xf32>
  return
}

// -----

func.func @rope_positions(%x: tensor<8x16xf32>, %p: tensor<4xi32>) {
  // expected-error @+1 {{positions must have shape [8] or [B, 8] (the sequence dim of the input, optionally per sample of its first dim), got [4]}}
  %0 = umc.rope %x, %p : (tensor<8x16xf32>, tensor<4xi32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @rope_theta(%x: tensor<8x16xf32>, %p: tensor<8xi32>) {
  // expected-error @+1 {{attribute 'theta' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = umc.rope %x, %p theta = 0.0 : (tensor<8x16xf32>, tensor<8xi32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @attention_rank(%q: tensor<4x8x16xf32>, %k: tensor<4x8x16xf32>) {
  // expected-error @+1 {{query, key and value must be [B, H, S, D], got [4, 8, 16], [4, 8, 16] and [4, 8, 16]}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<4x8x16xf32>, tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x4x8x16xf32>, %k: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{batch sizes differ: query 2, key 1, value 1}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<2x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @attention_kv_heads(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x16xf32>, %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{key and value have different head counts: 4 and 2}}
  %0 = umc.attention %q, %k, %v mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_gqa(%q: tensor<1x4x8x16xf32>, %k: tensor<1x3x8x16xf32>) {
  // expected-error @+1 {{query heads (4) must be a multiple of key/value heads (3)}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x3x8x16xf32>, tensor<1x3x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_kv_length(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x16xf32>, %v: tensor<1x4x9x16xf32>) {
  // expected-error @+1 {{key and value have different lengths: 8 and 9}}
  %0 = umc.attention %q, %k, %v mask <full> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x9x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_head_dim(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{query and key head dims differ: 16 and 8}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @attention_types(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x16xbf16>) {
  // expected-error @+1 {{key has element type 'bf16' but the input has 'f32'}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xbf16>, tensor<1x4x8x16xbf16>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_qk_norm_shape(%q: tensor<1x4x8x16xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{query norm scale must have shape [16] (the head dim), got [8]}}
  %0 = umc.attention %q, %q, %q mask <causal> qk_norm(%g, %g) : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_qk_norm_half(%q: tensor<1x4x8x16xf32>, %g: tensor<16xf32>) {
  // expected-error @+1 {{qk_norm needs both the query and the key scale}}
  %0 = "umc.attention"(%q, %q, %q, %g) <{mask = #umc.mask<causal>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 1, 0>}> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = umc.attention %q, %q, %q mask <causal> scale = -1.0 : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_causal_keys(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x4x16xf32>) {
  // expected-error @+1 {{mask 'causal' needs at least as many keys as queries, got 8 queries and 4 keys}}
  %0 = umc.attention %q, %k, %k mask <causal> : (tensor<1x4x8x16xf32>, tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_omni_span_past_keys(%q: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{mask 'omni' span ends at 12, past the 8 keys}}
  %0 = umc.attention %q, %q, %q mask <omni, spans = [4, 12]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_layout_size(%q: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{mask 'block_sparse' layout has 3 entries; 8 keys in blocks of 4 need 2 x 2 = 4}}
  %0 = umc.attention %q, %q, %q mask <block_sparse, block = 4, layout = [1, 1, 1]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @attention_layout_empty_row(%q: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{mask 'block_sparse' layout row 1 is all zeros: its queries would attend to no key}}
  %0 = umc.attention %q, %q, %q mask <block_sparse, block = 4, layout = [1, 0, 0, 0]> : (tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{cannot reshape [2, 8] (16 elements) to [15] (15 elements)}}
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<15xf32>
  return
}

// -----

func.func @reshape_type(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{changes the element type from 'f32' to 'f16'}}
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf16>
  return
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{permutation [0, 0] is not a permutation of the 2 input dims}}
  %0 = umc.transpose %x [0, 0] : tensor<2x8xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_length(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{permutation [1, 0, 2] is not a permutation of the 2 input dims}}
  %0 = umc.transpose %x [1, 0, 2] : tensor<2x8xf32> -> tensor<8x2xf32>
  return
}

// -----

func.func @transpose_result(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x8xf32>' does not match the operands; expected 'tensor<8x2xf32>'}}
  %0 = umc.transpose %x [1, 0] : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_axis(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = umc.concat %x, %x axis = 2 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @concat_types(%x: tensor<2x8xf32>, %y: tensor<2x8xf16>) {
  // expected-error @+1 {{input 1 has element type 'f16' but input 0 has 'f32'}}
  %0 = umc.concat %x, %y axis = 1 : (tensor<2x8xf32>, tensor<2x8xf16>) -> tensor<2x16xf32>
  return
}

// -----

func.func @concat_dims(%x: tensor<2x8xf32>, %y: tensor<3x8xf32>) {
  // expected-error @+1 {{input 1 has shape [3, 8], which does not match [2, 8] outside the concatenation axis 1}}
  %0 = umc.concat %x, %y axis = 1 : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @concat_ranks(%x: tensor<2x8xf32>, %y: tensor<8xf32>) {
  // expected-error @+1 {{input 1 has shape [8], which does not match [2, 8] outside the concatenation axis 0}}
  %0 = umc.concat %x, %y axis = 0 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<10x8xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{needs at least one input}}
  %0 = "umc.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{offsets, sizes and strides need one entry per input dim (2), got 1, 2 and 2}}
  %0 = umc.slice %x offsets = [0] sizes = [2, 4] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{dim 1: needs offset >= 0, size >= 1 and stride >= 1, got offset 0, size 4, stride 0}}
  %0 = umc.slice %x offsets = [0, 0] sizes = [2, 4] strides = [1, 0] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_bounds(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{dim 1: reads index 8 but the input has only 8}}
  %0 = umc.slice %x offsets = [0, 2] sizes = [2, 4] strides = [1, 2] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @conv2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{input must be [N, C, H, W], got [3, 8, 8]}}
  %0 = umc.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x27xf32>) {
  // expected-error @+1 {{weight must be [O, C / groups, KH, KW], got [4, 27]}}
  %0 = umc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x27xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_pairs(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{strides, padding and dilation must be [h, w] pairs}}
  %0 = umc.conv2d %x, %w strides = [1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_negative_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{strides and dilation must be >= 1 and padding >= 0, got strides [1, 1], padding [-1, 0], dilation [1, 1]}}
  %0 = umc.conv2d %x, %w padding = [-1, 0] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{input channels (4) and output channels (6) must both divide by groups (4)}}
  %0 = umc.conv2d %x, %w groups = 4 : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv2d_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{weight must have 2 input channels (C / groups) at dim 1, got [8, 4, 3, 3]}}
  %0 = umc.conv2d %x, %w groups = 2 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias must have shape [4] (the output channels), got [3]}}
  %0 = umc.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_kernel_too_big(%x: tensor<1x3x2x2xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{kernel 3x3 (dilated by [1, 1]) does not fit the padded 2x2 input}}
  %0 = umc.conv2d %x, %w : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @patchify_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{input must be [N, C, H, W], got [3, 8, 8]}}
  %0 = umc.patchify %x patch_size = 4 : (tensor<3x8x8xf32>) -> tensor<3x4x16xf32>
  return
}

// -----

func.func @patchify_divisible(%x: tensor<1x3x8x6xf32>) {
  // expected-error @+1 {{image 8x6 does not divide into patches of 4x4}}
  %0 = umc.patchify %x patch_size = 4 : (tensor<1x3x8x6xf32>) -> tensor<1x2x48xf32>
  return
}

// -----

func.func @patchify_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{attribute 'patch_size' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = umc.patchify %x patch_size = 0 : (tensor<1x3x8x8xf32>) -> tensor<1x4x48xf32>
  return
}

// -----

func.func @fusion_yield_types(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'umc.fusion' op yields 'tensor<4x8xf32>' but its results are 'tensor<8x4xf32>'}}
  %0 = umc.fusion "elementwise" : tensor<8x4xf32> {
    %1 = umc.exp %x : tensor<4x8xf32>
    umc.yield %1 : tensor<4x8xf32>
  }
  return %x : tensor<4x8xf32>
}

// -----

func.func @fusion_foreign_op(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "elementwise" : tensor<4x8xf32> {
    // expected-error @+1 {{'tensor.empty' op cannot be in a umc.fusion: its body holds umc compute ops only}}
    %1 = tensor.empty() : tensor<4x8xf32>
    umc.yield %1 : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}

// -----

func.func @fusion_nested(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.fusion "outer" : tensor<4x8xf32> {
    // expected-error @+1 {{'umc.fusion' op cannot be in a umc.fusion: its body holds umc compute ops only}}
    %1 = umc.fusion "inner" : tensor<4x8xf32> {
      %2 = umc.exp %x : tensor<4x8xf32>
      umc.yield %2 : tensor<4x8xf32>
    }
    umc.yield %1 : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}

// -----

func.func @fusion_no_yield(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'umc.fusion' op body must end with umc.yield}}
  %0 = umc.fusion "elementwise" : tensor<4x8xf32> {
    %1 = umc.exp %x : tensor<4x8xf32>
  }
  return %0 : tensor<4x8xf32>
}

// -----

func.func @yield_outside_fusion(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'umc.yield' op expects parent op 'umc.fusion'}}
  umc.yield %x : tensor<4x8xf32>
}

// -----

func.func @cast_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = umc.cast %x : tensor<4xf32> -> tensor<5xi32>
  return
}

// -----

func.func @where_element_types(%c: tensor<4xi32>, %a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{lhs and rhs have different element types: 'f32' and 'bf16'}}
  %0 = umc.where %c, %a, %b : (tensor<4xi32>, tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return
}

// -----

func.func @where_no_broadcast(%c: tensor<3xi32>, %a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{condition, lhs and rhs shapes [3], [4] and [4] do not broadcast}}
  %0 = umc.where %c, %a, %b : (tensor<3xi32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @where_float_condition(%c: tensor<4xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 8-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %0 = umc.where %c, %a, %a : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @sum_axis(%x: tensor<2x7xf32>) {
  // expected-error @+1 {{'umc.sum' op axis 2 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = umc.sum %x axis = 2 : tensor<2x7xf32> -> tensor<2xf32>
  return
}

// -----

func.func @mean_result(%x: tensor<2x7xf32>) {
  // expected-error @+1 {{result type 'tensor<2xf32>' does not match the operands; expected 'tensor<2x1xf32>'}}
  %0 = umc.mean %x axis = 1 keep_dim : tensor<2x7xf32> -> tensor<2xf32>
  return
}

// -----

func.func @mean_of_integers(%x: tensor<2x7xi32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %0 = umc.mean %x axis = 1 : tensor<2x7xi32> -> tensor<2xi32>
  return
}

// -----

func.func @argmax_shape(%x: tensor<2x7xf32>) {
  // expected-error @+1 {{result shape [7] does not match the input; expected [2]}}
  %0 = umc.argmax %x axis = 1 : tensor<2x7xf32> -> tensor<7xi32>
  return
}

// -----

func.func @iota_axis() {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = umc.iota axis = -3 : tensor<2x7xi32>
  return
}

// -----

func.func @split_sizes(%x: tensor<2x7xf32>) {
  // expected-error @+1 {{pieces add up to 6 along axis 1 but the input has 7}}
  %0:2 = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @split_other_dims(%x: tensor<2x7xf32>) {
  // expected-error @+1 {{result 1 has type 'tensor<3x4xf32>', which does not match the input 'tensor<2x7xf32>' outside the split axis 1}}
  %0:2 = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<3x4xf32>
  return
}

// -----

func.func @rope_positions_per_sample(%x: tensor<2x4x8x16xf32>, %p: tensor<3x8xi32>) {
  // expected-error @+1 {{positions must have shape [8] or [2, 8] (the sequence dim of the input, optionally per sample of its first dim), got [3, 8]}}
  %0 = umc.rope %x, %p : (tensor<2x4x8x16xf32>, tensor<3x8xi32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @attention_bias_shape(%q: tensor<2x4x8x16xf32>, %b: tensor<3x8x8xf32>) {
  // expected-error @+1 {{bias of shape [3, 8, 8] does not broadcast to the scores [2, 4, 8, 8] ([B, H, S, T])}}
  %0 = umc.attention %q, %q, %q mask <causal> bias %b : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<3x8x8xf32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @attention_key_padding_shape(%q: tensor<2x4x8x16xf32>, %p: tensor<2x9xi32>) {
  // expected-error @+1 {{key_padding must have shape [2, 8] ([B, T]), got [2, 9]}}
  %0 = umc.attention %q, %q, %q mask <full> key_padding %p : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x9xi32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @attention_query_offset_rank(%q: tensor<1x4x1x16xf32>, %k: tensor<1x4x32x16xf32>, %p: tensor<1xi32>) {
  // expected-error @+1 {{query_offset must be a scalar tensor (rank 0), got [1]}}
  %0 = umc.attention %q, %k, %k mask <causal> query_offset %p : (tensor<1x4x1x16xf32>, tensor<1x4x32x16xf32>, tensor<1x4x32x16xf32>, tensor<1xi32>) -> tensor<1x4x1x16xf32>
  return
}

// -----

func.func @update_slice_fit(%c: tensor<1x4x16x8xf32>, %u: tensor<1x2x1x8xf32>, %p: tensor<i32>) {
  // expected-error @+1 {{update of shape [1, 2, 1, 8] does not fit the input [1, 4, 16, 8] along axis 2 (other dims must be equal)}}
  %0 = umc.update_slice %c, %u at %p axis = 2 : (tensor<1x4x16x8xf32>, tensor<1x2x1x8xf32>, tensor<i32>) -> tensor<1x4x16x8xf32>
  return
}

// -----

func.func @update_slice_offset_rank(%c: tensor<16x8xf32>, %u: tensor<1x8xf32>, %p: tensor<1xi32>) {
  // expected-error @+1 {{offset must be a scalar tensor (rank 0), got [1]}}
  %0 = umc.update_slice %c, %u at %p axis = 0 : (tensor<16x8xf32>, tensor<1x8xf32>, tensor<1xi32>) -> tensor<16x8xf32>
  return
}

// -----

func.func @ar_block_heads(%x: tensor<1x8x30xf32>, %g: tensor<30xf32>, %w: tensor<30x30xf32>, %w1: tensor<40x30xf32>, %w2: tensor<30x40xf32>) {
  // expected-error @+1 {{heads = 4 must divide the model dim 30, and kv_heads = 4 must divide heads}}
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x8x30xf32>, tensor<30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30xf32>, tensor<40x30xf32>, tensor<30x40xf32>) -> tensor<1x8x30xf32>
  return
}

// -----

func.func @ar_block_kv_weight(%x: tensor<1x8x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>) {
  // expected-error @+1 {{Wk must have shape [16, 32] ([kv_heads * Dh, E]), got [32, 32]}}
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 2 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x8x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
  return
}

// -----

func.func @ar_block_swiglu_needs_up(%x: tensor<1x8x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>) {
  // expected-error @+1 {{mlp = swiglu needs W3 (the up projection)}}
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = swiglu mask <causal> : (tensor<1x8x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
  return
}

// -----

func.func @ar_block_rope_needs_positions(%x: tensor<1x8x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>) {
  // expected-error @+1 {{rope_theta needs positions}}
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> rope_theta = 1.0e+04 : (tensor<1x8x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
  return
}

// -----

func.func @ar_block_cache_shape(%x: tensor<1x1x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>, %kc: tensor<1x2x16x8xf32>, %p: tensor<i32>) {
  // expected-error @+1 {{caches must be [1, 4, T, 8] with T >= 1 ([B, kv_heads, T, Dh]), got [1, 2, 16, 8]}}
  %0:3 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) cache(%kc, %kc) at %p heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x1x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>, tensor<i32>) -> (tensor<1x1x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>)
  return
}

// -----

func.func @ar_block_rms_bias(%x: tensor<1x8x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>) {
  // expected-error @+1 {{rms_norm has no bias; use norm = layer_norm}}
  %0 = umc.ar_block %x attn_norm(%g, %g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
  return
}

// -----

func.func @sample_rank(%l: tensor<2x3x100xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{logits must be [B, V], got [2, 3, 100]}}
  %0 = umc.sample %l seed %s counter %s : (tensor<2x3x100xf32>, tensor<i64>, tensor<i64>) -> tensor<2xi32>
  return
}

// -----

func.func @sample_result(%l: tensor<2x100xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{result must have shape [2] (one token per row), got [100]}}
  %0 = umc.sample %l seed %s counter %s : (tensor<2x100xf32>, tensor<i64>, tensor<i64>) -> tensor<100xi32>
  return
}

// -----

func.func @sample_scalar(%l: tensor<2x100xf32>, %s: tensor<i64>, %t: tensor<1xf32>) {
  // expected-error @+1 {{temperature must be a scalar tensor (rank 0), got [1]}}
  %0 = umc.sample %l seed %s counter %s temperature %t : (tensor<2x100xf32>, tensor<i64>, tensor<i64>, tensor<1xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @timestep_embed_odd(%t: tensor<2xf32>) {
  // expected-error @+1 {{dim = 7 must be even (cosines, then sines)}}
  %0 = umc.timestep_embed %t dim = 7 : (tensor<2xf32>) -> tensor<2x7xf32>
  return
}

// -----

func.func @modulate_shape(%x: tensor<2x16x64xf32>, %s: tensor<2x32xf32>) {
  // expected-error @+1 {{shift must have shape [2, 64] ([B, D]), got [2, 32]}}
  %0 = umc.modulate %x shift %s scale %s : (tensor<2x16x64xf32>, tensor<2x32xf32>, tensor<2x32xf32>) -> tensor<2x16x64xf32>
  return
}

// -----

func.func @diffusion_step_half_guidance(%x: tensor<4xf32>, %w: tensor<f32>) {
  // expected-error @+1 {{classifier-free guidance needs both the unconditional prediction and the guidance scale}}
  %0 = "umc.diffusion_step"(%x, %x, %w, %w, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 1, 1>, sampler = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @diffusion_step_heun_first(%x: tensor<4xf32>, %t: tensor<f32>) {
  // expected-error @+1 {{flow_heun needs the first prediction (the velocity where the step starts)}}
  %0 = umc.diffusion_step %x, %x at %t to %t sampler = flow_heun : (tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @diffusion_step_shape(%x: tensor<4xf32>, %p: tensor<5xf32>, %t: tensor<f32>) {
  // expected-error @+1 {{prediction has type 'tensor<5xf32>' but x has 'tensor<4xf32>'}}
  %0 = umc.diffusion_step %x, %p at %t to %t sampler = ddim : (tensor<4xf32>, tensor<5xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @random_normal_seed(%s: tensor<2xi64>, %c: tensor<i64>) {
  // expected-error @+1 {{seed must be a scalar tensor (rank 0), got [2]}}
  %0 = umc.random_normal seed %s counter %c : (tensor<2xi64>, tensor<i64>) -> tensor<4xf32>
  return
}

// -----

func.func @router_top_k_too_large(%l: tensor<37x5xf32>) {
  // expected-error @+1 {{top_k = 6 must be between 1 and the number of experts (5)}}
  %0:4 = umc.router %l top_k = 6 : (tensor<37x5xf32>) -> (tensor<37x6xi32>, tensor<37x6xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_top_k_zero(%l: tensor<37x5xf32>) {
  // expected-error @+1 {{top_k = 0 must be between 1 and the number of experts (5)}}
  %0:4 = umc.router %l top_k = 0 : (tensor<37x5xf32>) -> (tensor<37x0xi32>, tensor<37x0xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_capacity_zero(%l: tensor<37x5xf32>) {
  // expected-error @+1 {{capacity = 0 must be at least 1 (slots per expert)}}
  %0:4 = umc.router %l top_k = 2 capacity = 0 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_logits_rank(%l: tensor<2x37x5xf32>) {
  // expected-error @+1 {{logits must be [T, E] (tokens, experts), got [2, 37, 5]}}
  %0:4 = umc.router %l top_k = 2 : (tensor<2x37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_result_types(%l: tensor<37x5xf32>) {
  // expected-error @+1 {{result types 'tensor<37x2xi32>', 'tensor<37x2xf32>', 'tensor<i32>', 'tensor<f32>' do not match the operands; expected 'tensor<37x3xi32>', 'tensor<37x3xf32>', 'tensor<i32>', 'tensor<f32>'}}
  %0:4 = umc.router %l top_k = 3 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_seed_without_counter(%l: tensor<37x5xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{Gumbel noise needs both a seed and a counter}}
  %0:4 = "umc.router"(%l, %s) <{operandSegmentSizes = array<i32: 1, 1, 0>, top_k = 2 : i64}> : (tensor<37x5xf32>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @router_temperature(%l: tensor<37x5xf32>) {
  // expected-error @+1 {{attribute 'temperature' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0:4 = umc.router %l top_k = 2 temperature = 0.0 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return
}

// -----

func.func @moe_float_ids(%x: tensor<37x16xf32>, %i: tensor<37x2xf32>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) {
  // expected-error @+1 {{operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xf32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return
}

// -----

func.func @moe_gates_shape(%x: tensor<37x16xf32>, %i: tensor<37x2xi32>, %g: tensor<37x3xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) {
  // expected-error @+1 {{gates must have the shape of ids [37, 2], got [37, 3]}}
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x3xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return
}

// -----

func.func @moe_ids_tokens(%x: tensor<37x16xf32>, %i: tensor<36x2xi32>, %g: tensor<36x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) {
  // expected-error @+1 {{ids must be [37, K] (the router's choices), got [36, 2]}}
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<36x2xi32>, tensor<36x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return
}

// -----

func.func @moe_w2_layout(%x: tensor<37x16xf32>, %i: tensor<37x2xi32>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x24x16xf32>) {
  // expected-error @+1 {{w2 must have shape [5, 16, 24] ([E, D, F]), got [5, 24, 16]}}
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
  return
}

// -----

func.func @moe_swiglu_needs_w3(%x: tensor<37x16xf32>, %i: tensor<37x2xi32>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) {
  // expected-error @+1 {{mlp = swiglu needs w3 (the up projection)}}
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return
}

// -----

func.func @task_router_w2(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x31xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{w2 must have shape [N, 32] ([tasks, hidden]), got [4, 31]}}
  %0:2 = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x31xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return
}

// -----

func.func @task_router_bias(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<5xf32>) {
  // expected-error @+1 {{b2 must have shape [4] (the number of tasks), got [5]}}
  %0:2 = umc.task_router %x pool = first mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<5xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return
}

// -----

func.func @task_router_input_rank(%x: tensor<7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{input must be [B, S, D] with S >= 1, got [7, 16]}}
  %0:2 = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<7x4xf32>, tensor<7xi32>)
  return
}

// -----

func.func @vq_quantize_dim(%z: tensor<2x37x8xf32>, %c: tensor<5x7xf32>) {
  // expected-error @+1 {{codebook must be [K, 8] with K >= 1 (codes, code dim), got [5, 7]}}
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xf32>, tensor<5x7xf32>) -> tensor<2x37xi32>
  return
}

// -----

func.func @vq_quantize_result(%z: tensor<2x37x8xf32>, %c: tensor<5x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x37x8xi32>' does not match the operands; expected 'tensor<2x37xi32>'}}
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xf32>, tensor<5x8xf32>) -> tensor<2x37x8xi32>
  return
}

// -----

func.func @vq_lookup_float_ids(%i: tensor<2x37xf32>, %c: tensor<5x8xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = umc.vq_lookup %i, %c : (tensor<2x37xf32>, tensor<5x8xf32>) -> tensor<2x37x8xf32>
  return
}

// -----

func.func @vq_lookup_codebook(%i: tensor<2x37xi32>, %c: tensor<40xf32>) {
  // expected-error @+1 {{codebook must be [K, D] with K >= 1 (codes, code dim), got [40]}}
  %0 = umc.vq_lookup %i, %c : (tensor<2x37xi32>, tensor<40xf32>) -> tensor<2x37x8xf32>
  return
}

// -----

func.func @unmask_mask_id(%t: tensor<2x37xi32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  // expected-error @+1 {{mask_id = 11 is outside the vocabulary [0, 11)}}
  %0 = umc.unmask %t, %l mask_id = 11 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return
}

// -----

func.func @unmask_negative_mask_id(%t: tensor<2x37xi32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  // expected-error @+1 {{mask_id = -1 is outside the vocabulary [0, 11)}}
  %0 = umc.unmask %t, %l mask_id = -1 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return
}

// -----

func.func @unmask_logits_shape(%t: tensor<2x37xi32>, %l: tensor<2x36x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  // expected-error @+1 {{logits must be [2, 37, V] (one row per token), got [2, 36, 11]}}
  %0 = umc.unmask %t, %l mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x36x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return
}

// -----

func.func @unmask_count_scalar(%t: tensor<2x37xi32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<2xi32>) {
  // expected-error @+1 {{masked_after must be a scalar tensor (rank 0), got [2]}}
  %0 = umc.unmask %t, %l mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<2xi32>) -> tensor<2x37xi32>
  return
}

// -----

func.func @unmask_float_tokens(%t: tensor<2x37xf32>, %l: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = umc.unmask %t, %l mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xf32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xf32>
  return
}

// -----

func.func @patch_embed_weight_not_conv(%img: tensor<2x3x8x8xf32>, %w: tensor<64x48xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{weight must be [D, 3, 4, 4] ([D, C, P, P], a Conv2d's), got [64, 48]}}
  %0 = umc.patch_embed %img, %w, %b patch_size = 4 : (tensor<2x3x8x8xf32>, tensor<64x48xf32>, tensor<64xf32>) -> tensor<2x4x64xf32>
  return
}

// -----

func.func @patch_embed_partial_patch(%img: tensor<2x3x8x10xf32>, %w: tensor<64x3x4x4xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{image 8x10 does not divide into patches of 4x4}}
  %0 = umc.patch_embed %img, %w, %b patch_size = 4 : (tensor<2x3x8x10xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>) -> tensor<2x4x64xf32>
  return
}

// -----

func.func @patch_embed_positions(%img: tensor<2x3x8x8xf32>, %w: tensor<64x3x4x4xf32>, %b: tensor<64xf32>, %pos: tensor<16x64xf32>) {
  // expected-error @+1 {{positions must be [4, 64] (one row per patch), got [16, 64]}}
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x8xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>, tensor<16x64xf32>) -> tensor<2x4x64xf32>
  return
}

// -----

func.func @unpatchify_wrong_features(%x: tensor<2x4x32xf32>) {
  // expected-error @+1 {{a [2, 3, 8, 8] image in patches of 4x4 needs input [2, 4, 48] ([N, (H/P)*(W/P), C*P*P]), got [2, 4, 32]}}
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x4x32xf32>) -> tensor<2x3x8x8xf32>
  return
}

// -----

func.func @unpatchify_partial_patch(%x: tensor<2x4x48xf32>) {
  // expected-error @+1 {{image 8x6 does not divide into patches of 4x4}}
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x4x48xf32>) -> tensor<2x3x8x6xf32>
  return
}

// -----

func.func @gated_add_gate_shape(%x: tensor<2x16x64xf32>, %g: tensor<2x1x64xf32>) {
  // expected-error @+1 {{gate must have shape [2, 64] ([B, D]), got [2, 1, 64]}}
  %0 = umc.gated_add %x, %x gate %g : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x1x64xf32>) -> tensor<2x16x64xf32>
  return
}
