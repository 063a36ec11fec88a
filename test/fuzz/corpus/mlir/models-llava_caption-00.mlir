module attributes {umc.tokenizer = "bytes"} {
ml_program.global private mutable @k_cache_0(dense<0.0> : tensor<1x2x64x16xf32>) : tensor<1x2x64x16xf32>
ml_program.global private mutable @v_cache_0(dense<0.0> : tensor<1x2x64x16xf32>) : tensor<1x2x64x16xf32>
ml_program.global private mutable @k_cache_1(dense<0.0> : tensor<1x2x64x16xf32>) : tensor<1x2x64x16xf32>
ml_program.global private mutable @v_cache_1(dense<0.0> : tensor<1x2x64x16xf32>) : tensor<1x2x64x16xf32>
func.func @caption_prefill(
    %image: tensor<1x1x8x8xf32>,
    %tokens: tensor<1x16xi32>,
    %length: tensor<i32>,
    %seed: tensor<i64>,
    %temperature: tensor<f32>,
    %top_k: tensor<i32>,
    %top_p: tensor<f32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "vision_tower.patch_embed.weight"},
    %patch_b: tensor<64xf32> {umc.param = "vision_tower.patch_embed.bias"},
    %patch_pos: tensor<16x64xf32> {umc.param = "vision_tower.position_embedding.weight"},
    %proj_w1: tensor<64x64xf32> {umc.param = "multi_modal_projector.linear_1.weight"},
    %proj_b1: tensor<64xf32> {umc.param = "multi_modal_projector.linear_1.bias"},
    %proj_w2: tensor<64x64xf32> {umc.param = "multi_modal_projector.linear_2.weight"},
    %proj_b2: tensor<64xf32> {umc.param = "multi_modal_projector.linear_2.bias"},
    %embed: tensor<256x64xf32> {umc.param = "language_model.model.embed_tokens.weight"},
    %l0_attn_norm: tensor<64xf32> {umc.param = "language_model.model.layers.0.input_layernorm.weight"},
    %l0_wq: tensor<64x64xf32> {umc.param = "language_model.model.layers.0.self_attn.q_proj.weight"},
    %l0_wk: tensor<32x64xf32> {umc.param = "language_model.model.layers.0.self_attn.k_proj.weight"},
    %l0_wv: tensor<32x64xf32> {umc.param = "language_model.model.layers.0.self_attn.v_proj.weight"},
    %l0_wo: tensor<64x64xf32> {umc.param = "language_model.model.layers.0.self_attn.o_proj.weight"},
    %l0_mlp_norm: tensor<64xf32> {umc.param = "language_model.model.layers.0.post_attention_layernorm.weight"},
    %l0_gate: tensor<172x64xf32> {umc.param = "language_model.model.layers.0.mlp.gate_proj.weight"},
    %l0_down: tensor<64x172xf32> {umc.param = "language_model.model.layers.0.mlp.down_proj.weight"},
    %l0_up: tensor<172x64xf32> {umc.param = "language_model.model.layers.0.mlp.up_proj.weight"},
    %l1_attn_norm: tensor<64xf32> {umc.param = "language_model.model.layers.1.input_layernorm.weight"},
    %l1_wq: tensor<64x64xf32> {umc.param = "language_model.model.layers.1.self_attn.q_proj.weight"},
    %l1_wk: tensor<32x64xf32> {umc.param = "language_model.model.layers.1.self_attn.k_proj.weight"},
    %l1_wv: tensor<32x64xf32> {umc.param = "language_model.model.layers.1.self_attn.v_proj.weight"},
    %l1_wo: tensor<64x64xf32> {umc.param = "language_model.model.layers.1.self_attn.o_proj.weight"},
    %l1_mlp_norm: tensor<64xf32> {umc.param = "language_model.model.layers.1.post_attention_layernorm.weight"},
    %l1_gate: tensor<172x64xf32> {umc.param = "language_model.model.layers.1.mlp.gate_proj.weight"},
    %l1_down: tensor<64x172xf32> {umc.param = "language_model.model.layers.1.mlp.down_proj.weight"},
    %l1_up: tensor<172x64xf32> {umc.param = "language_model.model.layers.1.mlp.up_proj.weight"},
    %norm: tensor<64xf32> {umc.param = "language_model.model.norm.weight"},
    %lm_head: tensor<256x64xf32> {umc.param = "language_model.lm_head.weight"}) -> (tensor<1xi32>, tensor<i32>)
    attributes {umc.role = "text.prefill_image"} {
  %patches = umc.patch_embed %image, %patch_w, %patch_b positions %patch_pos patch_size = 2
      : (tensor<1x1x8x8xf32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>) -> tensor<1x16x64xf32>
  %p1 = umc.linear %patches, %proj_w1, %proj_b1 : (tensor<1x16x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<1x16x64xf32>
  %p2 = umc.gelu %p1 : tensor<1x16x64xf32>
  %visual = umc.linear %p2, %proj_w2, %proj_b2 : (tensor<1x16x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<1x16x64xf32>
  %text = umc.embedding %tokens, %embed : (tensor<1x16xi32>, tensor<256x64xf32>) -> tensor<1x16x64xf32>
  %x = umc.concat %visual, %text axis = 1 : (tensor<1x16x64xf32>, tensor<1x16x64xf32>) -> tensor<1x32x64xf32>
  %zero = arith.constant 0 : i32
  %start = tensor.from_elements %zero : tensor<i32>
  %steps = umc.iota axis = 0 : tensor<32xi32>
  %pos = umc.add %steps, %start : (tensor<32xi32>, tensor<i32>) -> tensor<32xi32>
  %kc0 = ml_program.global_load @k_cache_0 : tensor<1x2x64x16xf32>
  %vc0 = ml_program.global_load @v_cache_0 : tensor<1x2x64x16xf32>
  %h0, %kc0_new, %vc0_new = umc.ar_block %x positions %pos attn_norm(%l0_attn_norm) attn(%l0_wq, %l0_wk, %l0_wv, %l0_wo) mlp_norm(%l0_mlp_norm) mlp(%l0_gate, %l0_down, %l0_up)
      cache(%kc0, %vc0) at %start heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06
      : (tensor<1x32x64xf32>, tensor<32xi32>, tensor<64xf32>, tensor<64x64xf32>, tensor<32x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<172x64xf32>, tensor<64x172xf32>, tensor<172x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<i32>) -> (tensor<1x32x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>)
  ml_program.global_store @k_cache_0 = %kc0_new : tensor<1x2x64x16xf32>
  ml_program.global_store @v_cache_0 = %vc0_new : tensor<1x2x64x16xf32>
  %kc1 = ml_program.global_load @k_cache_1 : tensor<1x2x64x16xf32>
  %vc1 = ml_program.global_load @v_cache_1 : tensor<1x2x64x16xf32>
  %h1, %kc1_new, %vc1_new = umc.ar_block %h0 positions %pos attn_norm(%l1_attn_norm) attn(%l1_wq, %l1_wk, %l1_wv, %l1_wo) mlp_norm(%l1_mlp_norm) mlp(%l1_gate, %l1_down, %l1_up)
      cache(%kc1, %vc1) at %start heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06
      : (tensor<1x32x64xf32>, tensor<32xi32>, tensor<64xf32>, tensor<64x64xf32>, tensor<32x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<172x64xf32>, tensor<64x172xf32>, tensor<172x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<i32>) -> (tensor<1x32x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>)
  ml_program.global_store @k_cache_1 = %kc1_new : tensor<1x2x64x16xf32>
  ml_program.global_store @v_cache_1 = %vc1_new : tensor<1x2x64x16xf32>
  %final = umc.rms_norm %h1 scale %norm eps = 1.0e-06 : (tensor<1x32x64xf32>, tensor<64xf32>) -> tensor<1x32x64xf32>
  %logits = umc.linear %final, %lm_head : (tensor<1x32x64xf32>, tensor<256x64xf32>) -> tensor<1x32x256xf32>
  %rows = umc.reshape %logits : tensor<1x32x256xf32> -> tensor<32x256xf32>
  %n = tensor.extract %length[] : tensor<i32>
  %image_tokens = arith.constant 16 : i32
  %next = arith.addi %image_tokens, %n : i32
  %one = arith.constant 1 : i32
  %last_index = arith.subi %next, %one : i32
  %last = tensor.from_elements %last_index : tensor<1xi32>
  %row = umc.embedding %last, %rows : (tensor<1xi32>, tensor<32x256xf32>) -> tensor<1x256xf32>
  %position64 = arith.extsi %next : i32 to i64
  %counter = tensor.from_elements %position64 : tensor<i64>
  %drawn = umc.sample %row seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p
      : (tensor<1x256xf32>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<1xi32>
  %where = tensor.from_elements %next : tensor<i32>
  return %drawn, %where : tensor<1xi32>, tensor<i32>
}
func.func @decode_sample(
    %token: tensor<1x1xi32>,
    %start: tensor<i32>,
    %seed: tensor<i64>,
    %temperature: tensor<f32>,
    %top_k: tensor<i32>,
    %top_p: tensor<f32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "vision_tower.patch_embed.weight"},
    %patch_b: tensor<64xf32> {umc.param = "vision_tower.patch_embed.bias"},
    %patch_pos: tensor<16x64xf32> {umc.param = "vision_tower.position_embedding.weight"},
    %proj_w1: tensor<64x64xf32> {umc.param = "multi_modal_projector.linear_1.weight"},
    %proj_b1: tensor<64xf32> {umc.param = "multi_modal_projector.linear_1.bias"},
    %proj_w2: tensor<64x64xf32> {umc.param = "multi_modal_projector.linear_2.weight"},
    %proj_b2: tensor<64xf32> {umc.param = "multi_modal_projector.linear_2.bias"},
    %embed: tensor<256x64xf32> {umc.param = "language_model.model.embed_tokens.weight"},
    %l0_attn_norm: tensor<64xf32> {umc.param = "language_model.model.layers.0.input_layernorm.weight"},
    %l0_wq: tensor<64x64xf32> {umc.param = "language_model.model.layers.0.self_attn.q_proj.weight"},
    %l0_wk: tensor<32x64xf32> {umc.param = "language_model.model.layers.0.self_attn.k_proj.weight"},
    %l0_wv: tensor<32x64xf32> {umc.param = "language_model.model.layers.0.self_attn.v_proj.weight"},
    %l0_wo: tensor<64x64xf32> {umc.param = "language_model.model.layers.0.self_attn.o_proj.weight"},
    %l0_mlp_norm: tensor<64xf32> {umc.param = "language_model.model.layers.0.post_attention_layernorm.weight"},
    %l0_gate: tensor<172x64xf32> {umc.param = "language_model.model.layers.0.mlp.gate_proj.weight"},
    %l0_down: tensor<64x172xf32> {umc.param = "language_model.model.layers.0.mlp.down_proj.weight"},
    %l0_up: tensor<172x64xf32> {umc.param = "language_model.model.layers.0.mlp.up_proj.weight"},
    %l1_attn_norm: tensor<64xf32> {umc.param = "language_model.model.layers.1.input_layernorm.weight"},
    %l1_wq: tensor<64x64xf32> {umc.param = "language_model.model.layers.1.self_attn.q_proj.weight"},
    %l1_wk: tensor<32x64xf32> {umc.param = "language_model.model.layers.1.self_attn.k_proj.weight"},
    %l1_wv: tensor<32x64xf32> {umc.param = "language_model.model.layers.1.self_attn.v_proj.weight"},
    %l1_wo: tensor<64x64xf32> {umc.param = "language_model.model.layers.1.self_attn.o_proj.weight"},
    %l1_mlp_norm: tensor<64xf32> {umc.param = "language_model.model.layers.1.post_attention_layernorm.weight"},
    %l1_gate: tensor<172x64xf32> {umc.param = "language_model.model.layers.1.mlp.gate_proj.weight"},
    %l1_down: tensor<64x172xf32> {umc.param = "language_model.model.layers.1.mlp.down_proj.weight"},
    %l1_up: tensor<172x64xf32> {umc.param = "language_model.model.layers.1.mlp.up_proj.weight"},
    %norm: tensor<64xf32> {umc.param = "language_model.model.norm.weight"},
    %lm_head: tensor<256x64xf32> {umc.param = "language_model.lm_head.weight"}) -> tensor<1xi32>
    attributes {umc.role = "text.decode", umc.context = 64 : i64} {
  %x = umc.embedding %token, %embed : (tensor<1x1xi32>, tensor<256x64xf32>) -> tensor<1x1x64xf32>
  %steps = umc.iota axis = 0 : tensor<1xi32>
  %pos = umc.add %steps, %start : (tensor<1xi32>, tensor<i32>) -> tensor<1xi32>
  %kc0 = ml_program.global_load @k_cache_0 : tensor<1x2x64x16xf32>
  %vc0 = ml_program.global_load @v_cache_0 : tensor<1x2x64x16xf32>
  %h0, %kc0_new, %vc0_new = umc.ar_block %x positions %pos attn_norm(%l0_attn_norm) attn(%l0_wq, %l0_wk, %l0_wv, %l0_wo) mlp_norm(%l0_mlp_norm) mlp(%l0_gate, %l0_down, %l0_up)
      cache(%kc0, %vc0) at %start heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06
      : (tensor<1x1x64xf32>, tensor<1xi32>, tensor<64xf32>, tensor<64x64xf32>, tensor<32x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<172x64xf32>, tensor<64x172xf32>, tensor<172x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<i32>) -> (tensor<1x1x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>)
  ml_program.global_store @k_cache_0 = %kc0_new : tensor<1x2x64x16xf32>
  ml_program.global_store @v_cache_0 = %vc0_new : tensor<1x2x64x16xf32>
  %kc1 = ml_program.global_load @k_cache_1 : tensor<1x2x64x16xf32>
  %vc1 = ml_program.global_load @v_cache_1 : tensor<1x2x64x16xf32>
  %h1, %kc1_new, %vc1_new = umc.ar_block %h0 positions %pos attn_norm(%l1_attn_norm) attn(%l1_wq, %l1_wk, %l1_wv, %l1_wo) mlp_norm(%l1_mlp_norm) mlp(%l1_gate, %l1_down, %l1_up)
      cache(%kc1, %vc1) at %start heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06
      : (tensor<1x1x64xf32>, tensor<1xi32>, tensor<64xf32>, tensor<64x64xf32>, tensor<32x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<172x64xf32>, tensor<64x172xf32>, tensor<172x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<i32>) -> (tensor<1x1x64xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>)
  ml_program.global_store @k_cache_1 = %kc1_new : tensor<1x2x64x16xf32>
  ml_program.global_store @v_cache_1 = %vc1_new : tensor<1x2x64x16xf32>
  %final = umc.rms_norm %h1 scale %norm eps = 1.0e-06 : (tensor<1x1x64xf32>, tensor<64xf32>) -> tensor<1x1x64xf32>
  %logits = umc.linear %final, %lm_head : (tensor<1x1x64xf32>, tensor<256x64xf32>) -> tensor<1x1x256xf32>
  %row = umc.reshape %logits : tensor<1x1x256xf32> -> tensor<1x256xf32>
  %p = tensor.extract %start[] : tensor<i32>
  %one = arith.constant 1 : i32
  %next = arith.addi %p, %one : i32
  %position64 = arith.extsi %next : i32 to i64
  %counter = tensor.from_elements %position64 : tensor<i64>
  %drawn = umc.sample %row seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p
      : (tensor<1x256xf32>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<1xi32>
  return %drawn : tensor<1xi32>
}
} // module
