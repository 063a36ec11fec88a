module attributes {umc.tokenizer = "bytes"} {
func.func private @dit_block(
    %x: tensor<8x16x64xf32>,
    %c: tensor<8x64xf32>,
    %qkv_w: tensor<192x64xf32>,
    %qkv_b: tensor<192xf32>,
    %proj_w: tensor<64x64xf32>,
    %proj_b: tensor<64xf32>,
    %fc1_w: tensor<256x64xf32>,
    %fc1_b: tensor<256xf32>,
    %fc2_w: tensor<64x256xf32>,
    %fc2_b: tensor<64xf32>,
    %ada_w: tensor<384x64xf32>,
    %ada_b: tensor<384xf32>) -> tensor<8x16x64xf32> {
  %ada = umc.linear %c, %ada_w, %ada_b : (tensor<8x64xf32>, tensor<384x64xf32>, tensor<384xf32>) -> tensor<8x384xf32>
  %shift_msa, %scale_msa, %gate_msa, %shift_mlp, %scale_mlp, %gate_mlp = umc.split %ada axis = 1
      : tensor<8x384xf32> -> tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
  %n1 = umc.layer_norm %x eps = 1.0e-06 : (tensor<8x16x64xf32>) -> tensor<8x16x64xf32>
  %m1 = umc.modulate %n1 shift %shift_msa scale %scale_msa : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x16x64xf32>
  %qkv = umc.linear %m1, %qkv_w, %qkv_b : (tensor<8x16x64xf32>, tensor<192x64xf32>, tensor<192xf32>) -> tensor<8x16x192xf32>
  %q, %k, %v = umc.split %qkv axis = 2 : tensor<8x16x192xf32> -> tensor<8x16x64xf32>, tensor<8x16x64xf32>, tensor<8x16x64xf32>
  %q4 = umc.reshape %q : tensor<8x16x64xf32> -> tensor<8x16x4x16xf32>
  %k4 = umc.reshape %k : tensor<8x16x64xf32> -> tensor<8x16x4x16xf32>
  %v4 = umc.reshape %v : tensor<8x16x64xf32> -> tensor<8x16x4x16xf32>
  %qh = umc.transpose %q4 [0, 2, 1, 3] : tensor<8x16x4x16xf32> -> tensor<8x4x16x16xf32>
  %kh = umc.transpose %k4 [0, 2, 1, 3] : tensor<8x16x4x16xf32> -> tensor<8x4x16x16xf32>
  %vh = umc.transpose %v4 [0, 2, 1, 3] : tensor<8x16x4x16xf32> -> tensor<8x4x16x16xf32>
  %o = umc.attention %qh, %kh, %vh mask <full> : (tensor<8x4x16x16xf32>, tensor<8x4x16x16xf32>, tensor<8x4x16x16xf32>) -> tensor<8x4x16x16xf32>
  %ot = umc.transpose %o [0, 2, 1, 3] : tensor<8x4x16x16xf32> -> tensor<8x16x4x16xf32>
  %om = umc.reshape %ot : tensor<8x16x4x16xf32> -> tensor<8x16x64xf32>
  %a = umc.linear %om, %proj_w, %proj_b : (tensor<8x16x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<8x16x64xf32>
  %x1 = umc.gated_add %x, %a gate %gate_msa : (tensor<8x16x64xf32>, tensor<8x16x64xf32>, tensor<8x64xf32>) -> tensor<8x16x64xf32>
  %n2 = umc.layer_norm %x1 eps = 1.0e-06 : (tensor<8x16x64xf32>) -> tensor<8x16x64xf32>
  %m2 = umc.modulate %n2 shift %shift_mlp scale %scale_mlp : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x16x64xf32>
  %h = umc.linear %m2, %fc1_w, %fc1_b : (tensor<8x16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<8x16x256xf32>
  %g = umc.gelu %h approximate = tanh : tensor<8x16x256xf32>
  %f = umc.linear %g, %fc2_w, %fc2_b : (tensor<8x16x256xf32>, tensor<64x256xf32>, tensor<64xf32>) -> tensor<8x16x64xf32>
  %x2 = umc.gated_add %x1, %f gate %gate_mlp : (tensor<8x16x64xf32>, tensor<8x16x64xf32>, tensor<8x64xf32>) -> tensor<8x16x64xf32>
  return %x2 : tensor<8x16x64xf32>
}
func.func @velocity(
    %images: tensor<8x1x8x8xf32>,
    %t: tensor<8xf32>,
    %tokens: tensor<8x16xi32>,
    %lengths: tensor<8xi32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "x_embedder.proj.weight"},
    %patch_b: tensor<64xf32> {umc.param = "x_embedder.proj.bias"},
    %pos: tensor<16x64xf32> {umc.param = "pos_embed"},
    %t_w1: tensor<64x256xf32> {umc.param = "t_embedder.mlp.0.weight"},
    %t_b1: tensor<64xf32> {umc.param = "t_embedder.mlp.0.bias"},
    %t_w2: tensor<64x64xf32> {umc.param = "t_embedder.mlp.2.weight"},
    %t_b2: tensor<64xf32> {umc.param = "t_embedder.mlp.2.bias"},
    %y_table: tensor<256x64xf32> {umc.param = "y_embedder.embedding_table.weight"},
    %y_null: tensor<64xf32> {umc.param = "y_embedder.null_embedding"},
    %b0_qkv_w: tensor<192x64xf32> {umc.param = "blocks.0.attn.qkv.weight"},
    %b0_qkv_b: tensor<192xf32> {umc.param = "blocks.0.attn.qkv.bias"},
    %b0_proj_w: tensor<64x64xf32> {umc.param = "blocks.0.attn.proj.weight"},
    %b0_proj_b: tensor<64xf32> {umc.param = "blocks.0.attn.proj.bias"},
    %b0_fc1_w: tensor<256x64xf32> {umc.param = "blocks.0.mlp.fc1.weight"},
    %b0_fc1_b: tensor<256xf32> {umc.param = "blocks.0.mlp.fc1.bias"},
    %b0_fc2_w: tensor<64x256xf32> {umc.param = "blocks.0.mlp.fc2.weight"},
    %b0_fc2_b: tensor<64xf32> {umc.param = "blocks.0.mlp.fc2.bias"},
    %b0_ada_w: tensor<384x64xf32> {umc.param = "blocks.0.adaLN_modulation.1.weight"},
    %b0_ada_b: tensor<384xf32> {umc.param = "blocks.0.adaLN_modulation.1.bias"},
    %b1_qkv_w: tensor<192x64xf32> {umc.param = "blocks.1.attn.qkv.weight"},
    %b1_qkv_b: tensor<192xf32> {umc.param = "blocks.1.attn.qkv.bias"},
    %b1_proj_w: tensor<64x64xf32> {umc.param = "blocks.1.attn.proj.weight"},
    %b1_proj_b: tensor<64xf32> {umc.param = "blocks.1.attn.proj.bias"},
    %b1_fc1_w: tensor<256x64xf32> {umc.param = "blocks.1.mlp.fc1.weight"},
    %b1_fc1_b: tensor<256xf32> {umc.param = "blocks.1.mlp.fc1.bias"},
    %b1_fc2_w: tensor<64x256xf32> {umc.param = "blocks.1.mlp.fc2.weight"},
    %b1_fc2_b: tensor<64xf32> {umc.param = "blocks.1.mlp.fc2.bias"},
    %b1_ada_w: tensor<384x64xf32> {umc.param = "blocks.1.adaLN_modulation.1.weight"},
    %b1_ada_b: tensor<384xf32> {umc.param = "blocks.1.adaLN_modulation.1.bias"},
    %b2_qkv_w: tensor<192x64xf32> {umc.param = "blocks.2.attn.qkv.weight"},
    %b2_qkv_b: tensor<192xf32> {umc.param = "blocks.2.attn.qkv.bias"},
    %b2_proj_w: tensor<64x64xf32> {umc.param = "blocks.2.attn.proj.weight"},
    %b2_proj_b: tensor<64xf32> {umc.param = "blocks.2.attn.proj.bias"},
    %b2_fc1_w: tensor<256x64xf32> {umc.param = "blocks.2.mlp.fc1.weight"},
    %b2_fc1_b: tensor<256xf32> {umc.param = "blocks.2.mlp.fc1.bias"},
    %b2_fc2_w: tensor<64x256xf32> {umc.param = "blocks.2.mlp.fc2.weight"},
    %b2_fc2_b: tensor<64xf32> {umc.param = "blocks.2.mlp.fc2.bias"},
    %b2_ada_w: tensor<384x64xf32> {umc.param = "blocks.2.adaLN_modulation.1.weight"},
    %b2_ada_b: tensor<384xf32> {umc.param = "blocks.2.adaLN_modulation.1.bias"},
    %final_ada_w: tensor<128x64xf32> {umc.param = "final_layer.adaLN_modulation.1.weight"},
    %final_ada_b: tensor<128xf32> {umc.param = "final_layer.adaLN_modulation.1.bias"},
    %final_w: tensor<4x64xf32> {umc.param = "final_layer.linear.weight"},
    %final_b: tensor<4xf32> {umc.param = "final_layer.linear.bias"}) -> tensor<8x1x8x8xf32> {
  %h0 = umc.patch_embed %images, %patch_w, %patch_b positions %pos patch_size = 2
      : (tensor<8x1x8x8xf32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>) -> tensor<8x16x64xf32>
  %thousand = arith.constant dense<1000.0> : tensor<f32>
  %ts = umc.mul %t, %thousand : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %tf = umc.timestep_embed %ts dim = 256 : (tensor<8xf32>) -> tensor<8x256xf32>
  %te1 = umc.linear %tf, %t_w1, %t_b1 : (tensor<8x256xf32>, tensor<64x256xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %te2 = umc.silu %te1 : tensor<8x64xf32>
  %te = umc.linear %te2, %t_w2, %t_b2 : (tensor<8x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %emb = umc.embedding %tokens, %y_table : (tensor<8x16xi32>, tensor<256x64xf32>) -> tensor<8x16x64xf32>
  %index = umc.iota axis = 0 : tensor<16xi32>
  %len = umc.reshape %lengths : tensor<8xi32> -> tensor<8x1xi32>
  %ahead = umc.sub %len, %index : (tensor<8x1xi32>, tensor<16xi32>) -> tensor<8x16xi32>
  %zero = arith.constant dense<0> : tensor<i32>
  %one = arith.constant dense<1> : tensor<i32>
  %inside = umc.minimum %ahead, %one : (tensor<8x16xi32>, tensor<i32>) -> tensor<8x16xi32>
  %keep = umc.maximum %inside, %zero : (tensor<8x16xi32>, tensor<i32>) -> tensor<8x16xi32>
  %keepf = umc.cast %keep : tensor<8x16xi32> -> tensor<8x16xf32>
  %keep3 = umc.reshape %keepf : tensor<8x16xf32> -> tensor<8x16x1xf32>
  %kept = umc.mul %emb, %keep3 : (tensor<8x16x64xf32>, tensor<8x16x1xf32>) -> tensor<8x16x64xf32>
  %total = umc.sum %kept axis = 1 : tensor<8x16x64xf32> -> tensor<8x64xf32>
  %count = umc.maximum %lengths, %one : (tensor<8xi32>, tensor<i32>) -> tensor<8xi32>
  %countf = umc.cast %count : tensor<8xi32> -> tensor<8xf32>
  %count2 = umc.reshape %countf : tensor<8xf32> -> tensor<8x1xf32>
  %mean = umc.div %total, %count2 : (tensor<8x64xf32>, tensor<8x1xf32>) -> tensor<8x64xf32>
  %some = umc.minimum %lengths, %one : (tensor<8xi32>, tensor<i32>) -> tensor<8xi32>
  %none = umc.sub %one, %some : (tensor<i32>, tensor<8xi32>) -> tensor<8xi32>
  %nonef = umc.cast %none : tensor<8xi32> -> tensor<8xf32>
  %none2 = umc.reshape %nonef : tensor<8xf32> -> tensor<8x1xf32>
  %null = umc.mul %none2, %y_null : (tensor<8x1xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %ye = umc.add %mean, %null : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %cond = umc.add %te, %ye : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %sc = umc.silu %cond : tensor<8x64xf32>
  %h1 = func.call @dit_block(%h0, %sc, %b0_qkv_w, %b0_qkv_b, %b0_proj_w, %b0_proj_b, %b0_fc1_w, %b0_fc1_b, %b0_fc2_w, %b0_fc2_b, %b0_ada_w, %b0_ada_b)
      : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>) -> tensor<8x16x64xf32>
  %h2 = func.call @dit_block(%h1, %sc, %b1_qkv_w, %b1_qkv_b, %b1_proj_w, %b1_proj_b, %b1_fc1_w, %b1_fc1_b, %b1_fc2_w, %b1_fc2_b, %b1_ada_w, %b1_ada_b)
      : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>) -> tensor<8x16x64xf32>
  %h3 = func.call @dit_block(%h2, %sc, %b2_qkv_w, %b2_qkv_b, %b2_proj_w, %b2_proj_b, %b2_fc1_w, %b2_fc1_b, %b2_fc2_w, %b2_fc2_b, %b2_ada_w, %b2_ada_b)
      : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>) -> tensor<8x16x64xf32>
  %fada = umc.linear %sc, %final_ada_w, %final_ada_b : (tensor<8x64xf32>, tensor<128x64xf32>, tensor<128xf32>) -> tensor<8x128xf32>
  %fshift, %fscale = umc.split %fada axis = 1 : tensor<8x128xf32> -> tensor<8x64xf32>, tensor<8x64xf32>
  %fn = umc.layer_norm %h3 eps = 1.0e-06 : (tensor<8x16x64xf32>) -> tensor<8x16x64xf32>
  %fm = umc.modulate %fn shift %fshift scale %fscale : (tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x16x64xf32>
  %patches = umc.linear %fm, %final_w, %final_b : (tensor<8x16x64xf32>, tensor<4x64xf32>, tensor<4xf32>) -> tensor<8x16x4xf32>
  %v = umc.unpatchify %patches patch_size = 2 channels_last : (tensor<8x16x4xf32>) -> tensor<8x1x8x8xf32>
  return %v : tensor<8x1x8x8xf32>
}
func.func @init_noise(%seed: tensor<i64>, %counter: tensor<i64>) -> tensor<4x1x8x8xf32>
    attributes {umc.role = "image.noise"} {
  %x = umc.random_normal seed %seed counter %counter : (tensor<i64>, tensor<i64>) -> tensor<4x1x8x8xf32>
  return %x : tensor<4x1x8x8xf32>
}
func.func @denoise_euler(
    %images: tensor<4x1x8x8xf32>,
    %step: tensor<i32>,
    %steps: tensor<i32>,
    %tokens: tensor<4x16xi32>,
    %lengths: tensor<4xi32>,
    %guidance: tensor<f32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "x_embedder.proj.weight"},
    %patch_b: tensor<64xf32> {umc.param = "x_embedder.proj.bias"},
    %pos: tensor<16x64xf32> {umc.param = "pos_embed"},
    %t_w1: tensor<64x256xf32> {umc.param = "t_embedder.mlp.0.weight"},
    %t_b1: tensor<64xf32> {umc.param = "t_embedder.mlp.0.bias"},
    %t_w2: tensor<64x64xf32> {umc.param = "t_embedder.mlp.2.weight"},
    %t_b2: tensor<64xf32> {umc.param = "t_embedder.mlp.2.bias"},
    %y_table: tensor<256x64xf32> {umc.param = "y_embedder.embedding_table.weight"},
    %y_null: tensor<64xf32> {umc.param = "y_embedder.null_embedding"},
    %b0_qkv_w: tensor<192x64xf32> {umc.param = "blocks.0.attn.qkv.weight"},
    %b0_qkv_b: tensor<192xf32> {umc.param = "blocks.0.attn.qkv.bias"},
    %b0_proj_w: tensor<64x64xf32> {umc.param = "blocks.0.attn.proj.weight"},
    %b0_proj_b: tensor<64xf32> {umc.param = "blocks.0.attn.proj.bias"},
    %b0_fc1_w: tensor<256x64xf32> {umc.param = "blocks.0.mlp.fc1.weight"},
    %b0_fc1_b: tensor<256xf32> {umc.param = "blocks.0.mlp.fc1.bias"},
    %b0_fc2_w: tensor<64x256xf32> {umc.param = "blocks.0.mlp.fc2.weight"},
    %b0_fc2_b: tensor<64xf32> {umc.param = "blocks.0.mlp.fc2.bias"},
    %b0_ada_w: tensor<384x64xf32> {umc.param = "blocks.0.adaLN_modulation.1.weight"},
    %b0_ada_b: tensor<384xf32> {umc.param = "blocks.0.adaLN_modulation.1.bias"},
    %b1_qkv_w: tensor<192x64xf32> {umc.param = "blocks.1.attn.qkv.weight"},
    %b1_qkv_b: tensor<192xf32> {umc.param = "blocks.1.attn.qkv.bias"},
    %b1_proj_w: tensor<64x64xf32> {umc.param = "blocks.1.attn.proj.weight"},
    %b1_proj_b: tensor<64xf32> {umc.param = "blocks.1.attn.proj.bias"},
    %b1_fc1_w: tensor<256x64xf32> {umc.param = "blocks.1.mlp.fc1.weight"},
    %b1_fc1_b: tensor<256xf32> {umc.param = "blocks.1.mlp.fc1.bias"},
    %b1_fc2_w: tensor<64x256xf32> {umc.param = "blocks.1.mlp.fc2.weight"},
    %b1_fc2_b: tensor<64xf32> {umc.param = "blocks.1.mlp.fc2.bias"},
    %b1_ada_w: tensor<384x64xf32> {umc.param = "blocks.1.adaLN_modulation.1.weight"},
    %b1_ada_b: tensor<384xf32> {umc.param = "blocks.1.adaLN_modulation.1.bias"},
    %b2_qkv_w: tensor<192x64xf32> {umc.param = "blocks.2.attn.qkv.weight"},
    %b2_qkv_b: tensor<192xf32> {umc.param = "blocks.2.attn.qkv.bias"},
    %b2_proj_w: tensor<64x64xf32> {umc.param = "blocks.2.attn.proj.weight"},
    %b2_proj_b: tensor<64xf32> {umc.param = "blocks.2.attn.proj.bias"},
    %b2_fc1_w: tensor<256x64xf32> {umc.param = "blocks.2.mlp.fc1.weight"},
    %b2_fc1_b: tensor<256xf32> {umc.param = "blocks.2.mlp.fc1.bias"},
    %b2_fc2_w: tensor<64x256xf32> {umc.param = "blocks.2.mlp.fc2.weight"},
    %b2_fc2_b: tensor<64xf32> {umc.param = "blocks.2.mlp.fc2.bias"},
    %b2_ada_w: tensor<384x64xf32> {umc.param = "blocks.2.adaLN_modulation.1.weight"},
    %b2_ada_b: tensor<384xf32> {umc.param = "blocks.2.adaLN_modulation.1.bias"},
    %final_ada_w: tensor<128x64xf32> {umc.param = "final_layer.adaLN_modulation.1.weight"},
    %final_ada_b: tensor<128xf32> {umc.param = "final_layer.adaLN_modulation.1.bias"},
    %final_w: tensor<4x64xf32> {umc.param = "final_layer.linear.weight"},
    %final_b: tensor<4xf32> {umc.param = "final_layer.linear.bias"}) -> tensor<4x1x8x8xf32>
    attributes {umc.role = "image.denoise", umc.sampler = "flow_euler"} {
  %s = tensor.extract %step[] : tensor<i32>
  %n = tensor.extract %steps[] : tensor<i32>
  %one = arith.constant 1 : i32
  %s1 = arith.addi %s, %one : i32
  %sf = arith.sitofp %s : i32 to f32
  %s1f = arith.sitofp %s1 : i32 to f32
  %nf = arith.sitofp %n : i32 to f32
  %onef = arith.constant 1.0 : f32
  %fraction = arith.divf %sf, %nf : f32
  %fraction1 = arith.divf %s1f, %nf : f32
  %now = arith.subf %onef, %fraction : f32
  %next = arith.subf %onef, %fraction1 : f32
  %time = tensor.from_elements %now : tensor<f32>
  %time1 = tensor.from_elements %next : tensor<f32>
  %tokens2 = umc.concat %tokens, %tokens axis = 0 : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<8x16xi32>
  %empty = arith.constant dense<0> : tensor<4xi32>
  %lengths2 = umc.concat %lengths, %empty axis = 0 : (tensor<4xi32>, tensor<4xi32>) -> tensor<8xi32>
  %v_in = umc.concat %images, %images axis = 0 : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>) -> tensor<8x1x8x8xf32>
  %v_t = tensor.splat %now : tensor<8xf32>
  %v_all = func.call @velocity(%v_in, %v_t, %tokens2, %lengths2, %patch_w, %patch_b, %pos, %t_w1, %t_b1, %t_w2, %t_b2, %y_table, %y_null, %b0_qkv_w, %b0_qkv_b, %b0_proj_w, %b0_proj_b, %b0_fc1_w, %b0_fc1_b, %b0_fc2_w, %b0_fc2_b, %b0_ada_w, %b0_ada_b, %b1_qkv_w, %b1_qkv_b, %b1_proj_w, %b1_proj_b, %b1_fc1_w, %b1_fc1_b, %b1_fc2_w, %b1_fc2_b, %b1_ada_w, %b1_ada_b, %b2_qkv_w, %b2_qkv_b, %b2_proj_w, %b2_proj_b, %b2_fc1_w, %b2_fc1_b, %b2_fc2_w, %b2_fc2_b, %b2_ada_w, %b2_ada_b, %final_ada_w, %final_ada_b, %final_w, %final_b)
      : (tensor<8x1x8x8xf32>, tensor<8xf32>, tensor<8x16xi32>, tensor<8xi32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<128x64xf32>, tensor<128xf32>, tensor<4x64xf32>, tensor<4xf32>) -> tensor<8x1x8x8xf32>
  %v_c, %v_u = umc.split %v_all axis = 0 : tensor<8x1x8x8xf32> -> tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>
  %x1 = umc.diffusion_step %images, %v_c uncond %v_u guidance %guidance at %time to %time1 sampler = flow_euler
      : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4x1x8x8xf32>
  return %x1 : tensor<4x1x8x8xf32>
}
func.func @denoise_heun(
    %images: tensor<4x1x8x8xf32>,
    %step: tensor<i32>,
    %steps: tensor<i32>,
    %tokens: tensor<4x16xi32>,
    %lengths: tensor<4xi32>,
    %guidance: tensor<f32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "x_embedder.proj.weight"},
    %patch_b: tensor<64xf32> {umc.param = "x_embedder.proj.bias"},
    %pos: tensor<16x64xf32> {umc.param = "pos_embed"},
    %t_w1: tensor<64x256xf32> {umc.param = "t_embedder.mlp.0.weight"},
    %t_b1: tensor<64xf32> {umc.param = "t_embedder.mlp.0.bias"},
    %t_w2: tensor<64x64xf32> {umc.param = "t_embedder.mlp.2.weight"},
    %t_b2: tensor<64xf32> {umc.param = "t_embedder.mlp.2.bias"},
    %y_table: tensor<256x64xf32> {umc.param = "y_embedder.embedding_table.weight"},
    %y_null: tensor<64xf32> {umc.param = "y_embedder.null_embedding"},
    %b0_qkv_w: tensor<192x64xf32> {umc.param = "blocks.0.attn.qkv.weight"},
    %b0_qkv_b: tensor<192xf32> {umc.param = "blocks.0.attn.qkv.bias"},
    %b0_proj_w: tensor<64x64xf32> {umc.param = "blocks.0.attn.proj.weight"},
    %b0_proj_b: tensor<64xf32> {umc.param = "blocks.0.attn.proj.bias"},
    %b0_fc1_w: tensor<256x64xf32> {umc.param = "blocks.0.mlp.fc1.weight"},
    %b0_fc1_b: tensor<256xf32> {umc.param = "blocks.0.mlp.fc1.bias"},
    %b0_fc2_w: tensor<64x256xf32> {umc.param = "blocks.0.mlp.fc2.weight"},
    %b0_fc2_b: tensor<64xf32> {umc.param = "blocks.0.mlp.fc2.bias"},
    %b0_ada_w: tensor<384x64xf32> {umc.param = "blocks.0.adaLN_modulation.1.weight"},
    %b0_ada_b: tensor<384xf32> {umc.param = "blocks.0.adaLN_modulation.1.bias"},
    %b1_qkv_w: tensor<192x64xf32> {umc.param = "blocks.1.attn.qkv.weight"},
    %b1_qkv_b: tensor<192xf32> {umc.param = "blocks.1.attn.qkv.bias"},
    %b1_proj_w: tensor<64x64xf32> {umc.param = "blocks.1.attn.proj.weight"},
    %b1_proj_b: tensor<64xf32> {umc.param = "blocks.1.attn.proj.bias"},
    %b1_fc1_w: tensor<256x64xf32> {umc.param = "blocks.1.mlp.fc1.weight"},
    %b1_fc1_b: tensor<256xf32> {umc.param = "blocks.1.mlp.fc1.bias"},
    %b1_fc2_w: tensor<64x256xf32> {umc.param = "blocks.1.mlp.fc2.weight"},
    %b1_fc2_b: tensor<64xf32> {umc.param = "blocks.1.mlp.fc2.bias"},
    %b1_ada_w: tensor<384x64xf32> {umc.param = "blocks.1.adaLN_modulation.1.weight"},
    %b1_ada_b: tensor<384xf32> {umc.param = "blocks.1.adaLN_modulation.1.bias"},
    %b2_qkv_w: tensor<192x64xf32> {umc.param = "blocks.2.attn.qkv.weight"},
    %b2_qkv_b: tensor<192xf32> {umc.param = "blocks.2.attn.qkv.bias"},
    %b2_proj_w: tensor<64x64xf32> {umc.param = "blocks.2.attn.proj.weight"},
    %b2_proj_b: tensor<64xf32> {umc.param = "blocks.2.attn.proj.bias"},
    %b2_fc1_w: tensor<256x64xf32> {umc.param = "blocks.2.mlp.fc1.weight"},
    %b2_fc1_b: tensor<256xf32> {umc.param = "blocks.2.mlp.fc1.bias"},
    %b2_fc2_w: tensor<64x256xf32> {umc.param = "blocks.2.mlp.fc2.weight"},
    %b2_fc2_b: tensor<64xf32> {umc.param = "blocks.2.mlp.fc2.bias"},
    %b2_ada_w: tensor<384x64xf32> {umc.param = "blocks.2.adaLN_modulation.1.weight"},
    %b2_ada_b: tensor<384xf32> {umc.param = "blocks.2.adaLN_modulation.1.bias"},
    %final_ada_w: tensor<128x64xf32> {umc.param = "final_layer.adaLN_modulation.1.weight"},
    %final_ada_b: tensor<128xf32> {umc.param = "final_layer.adaLN_modulation.1.bias"},
    %final_w: tensor<4x64xf32> {umc.param = "final_layer.linear.weight"},
    %final_b: tensor<4xf32> {umc.param = "final_layer.linear.bias"}) -> tensor<4x1x8x8xf32>
    attributes {umc.role = "image.denoise", umc.sampler = "flow_heun"} {
  %s = tensor.extract %step[] : tensor<i32>
  %n = tensor.extract %steps[] : tensor<i32>
  %one = arith.constant 1 : i32
  %s1 = arith.addi %s, %one : i32
  %sf = arith.sitofp %s : i32 to f32
  %s1f = arith.sitofp %s1 : i32 to f32
  %nf = arith.sitofp %n : i32 to f32
  %onef = arith.constant 1.0 : f32
  %fraction = arith.divf %sf, %nf : f32
  %fraction1 = arith.divf %s1f, %nf : f32
  %now = arith.subf %onef, %fraction : f32
  %next = arith.subf %onef, %fraction1 : f32
  %time = tensor.from_elements %now : tensor<f32>
  %time1 = tensor.from_elements %next : tensor<f32>
  %tokens2 = umc.concat %tokens, %tokens axis = 0 : (tensor<4x16xi32>, tensor<4x16xi32>) -> tensor<8x16xi32>
  %empty = arith.constant dense<0> : tensor<4xi32>
  %lengths2 = umc.concat %lengths, %empty axis = 0 : (tensor<4xi32>, tensor<4xi32>) -> tensor<8xi32>
  %v_in = umc.concat %images, %images axis = 0 : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>) -> tensor<8x1x8x8xf32>
  %v_t = tensor.splat %now : tensor<8xf32>
  %v_all = func.call @velocity(%v_in, %v_t, %tokens2, %lengths2, %patch_w, %patch_b, %pos, %t_w1, %t_b1, %t_w2, %t_b2, %y_table, %y_null, %b0_qkv_w, %b0_qkv_b, %b0_proj_w, %b0_proj_b, %b0_fc1_w, %b0_fc1_b, %b0_fc2_w, %b0_fc2_b, %b0_ada_w, %b0_ada_b, %b1_qkv_w, %b1_qkv_b, %b1_proj_w, %b1_proj_b, %b1_fc1_w, %b1_fc1_b, %b1_fc2_w, %b1_fc2_b, %b1_ada_w, %b1_ada_b, %b2_qkv_w, %b2_qkv_b, %b2_proj_w, %b2_proj_b, %b2_fc1_w, %b2_fc1_b, %b2_fc2_w, %b2_fc2_b, %b2_ada_w, %b2_ada_b, %final_ada_w, %final_ada_b, %final_w, %final_b)
      : (tensor<8x1x8x8xf32>, tensor<8xf32>, tensor<8x16xi32>, tensor<8xi32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<128x64xf32>, tensor<128xf32>, tensor<4x64xf32>, tensor<4xf32>) -> tensor<8x1x8x8xf32>
  %v_c, %v_u = umc.split %v_all axis = 0 : tensor<8x1x8x8xf32> -> tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>
  %v_d = umc.sub %v_c, %v_u : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>) -> tensor<4x1x8x8xf32>
  %v_w = umc.mul %guidance, %v_d : (tensor<f32>, tensor<4x1x8x8xf32>) -> tensor<4x1x8x8xf32>
  %v_g = umc.add %v_u, %v_w : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>) -> tensor<4x1x8x8xf32>
  %predictor = umc.diffusion_step %images, %v_g at %time to %time1 sampler = flow_euler
      : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>, tensor<f32>, tensor<f32>) -> tensor<4x1x8x8xf32>
  %w_in = umc.concat %predictor, %predictor axis = 0 : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>) -> tensor<8x1x8x8xf32>
  %w_t = tensor.splat %next : tensor<8xf32>
  %w_all = func.call @velocity(%w_in, %w_t, %tokens2, %lengths2, %patch_w, %patch_b, %pos, %t_w1, %t_b1, %t_w2, %t_b2, %y_table, %y_null, %b0_qkv_w, %b0_qkv_b, %b0_proj_w, %b0_proj_b, %b0_fc1_w, %b0_fc1_b, %b0_fc2_w, %b0_fc2_b, %b0_ada_w, %b0_ada_b, %b1_qkv_w, %b1_qkv_b, %b1_proj_w, %b1_proj_b, %b1_fc1_w, %b1_fc1_b, %b1_fc2_w, %b1_fc2_b, %b1_ada_w, %b1_ada_b, %b2_qkv_w, %b2_qkv_b, %b2_proj_w, %b2_proj_b, %b2_fc1_w, %b2_fc1_b, %b2_fc2_w, %b2_fc2_b, %b2_ada_w, %b2_ada_b, %final_ada_w, %final_ada_b, %final_w, %final_b)
      : (tensor<8x1x8x8xf32>, tensor<8xf32>, tensor<8x16xi32>, tensor<8xi32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<128x64xf32>, tensor<128xf32>, tensor<4x64xf32>, tensor<4xf32>) -> tensor<8x1x8x8xf32>
  %w_c, %w_u = umc.split %w_all axis = 0 : tensor<8x1x8x8xf32> -> tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>
  %x1 = umc.diffusion_step %images, %w_c uncond %w_u guidance %guidance first %v_g at %time to %time1 sampler = flow_heun
      : (tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>, tensor<4x1x8x8xf32>, tensor<f32>, tensor<4x1x8x8xf32>, tensor<f32>, tensor<f32>) -> tensor<4x1x8x8xf32>
  return %x1 : tensor<4x1x8x8xf32>
}
func.func @generate_image(
    %tokens: tensor<4x16xi32>,
    %lengths: tensor<4xi32>,
    %seed: tensor<i64>,
    %steps: tensor<i32>,
    %guidance: tensor<f32>,
    %patch_w: tensor<64x1x2x2xf32> {umc.param = "x_embedder.proj.weight"},
    %patch_b: tensor<64xf32> {umc.param = "x_embedder.proj.bias"},
    %pos: tensor<16x64xf32> {umc.param = "pos_embed"},
    %t_w1: tensor<64x256xf32> {umc.param = "t_embedder.mlp.0.weight"},
    %t_b1: tensor<64xf32> {umc.param = "t_embedder.mlp.0.bias"},
    %t_w2: tensor<64x64xf32> {umc.param = "t_embedder.mlp.2.weight"},
    %t_b2: tensor<64xf32> {umc.param = "t_embedder.mlp.2.bias"},
    %y_table: tensor<256x64xf32> {umc.param = "y_embedder.embedding_table.weight"},
    %y_null: tensor<64xf32> {umc.param = "y_embedder.null_embedding"},
    %b0_qkv_w: tensor<192x64xf32> {umc.param = "blocks.0.attn.qkv.weight"},
    %b0_qkv_b: tensor<192xf32> {umc.param = "blocks.0.attn.qkv.bias"},
    %b0_proj_w: tensor<64x64xf32> {umc.param = "blocks.0.attn.proj.weight"},
    %b0_proj_b: tensor<64xf32> {umc.param = "blocks.0.attn.proj.bias"},
    %b0_fc1_w: tensor<256x64xf32> {umc.param = "blocks.0.mlp.fc1.weight"},
    %b0_fc1_b: tensor<256xf32> {umc.param = "blocks.0.mlp.fc1.bias"},
    %b0_fc2_w: tensor<64x256xf32> {umc.param = "blocks.0.mlp.fc2.weight"},
    %b0_fc2_b: tensor<64xf32> {umc.param = "blocks.0.mlp.fc2.bias"},
    %b0_ada_w: tensor<384x64xf32> {umc.param = "blocks.0.adaLN_modulation.1.weight"},
    %b0_ada_b: tensor<384xf32> {umc.param = "blocks.0.adaLN_modulation.1.bias"},
    %b1_qkv_w: tensor<192x64xf32> {umc.param = "blocks.1.attn.qkv.weight"},
    %b1_qkv_b: tensor<192xf32> {umc.param = "blocks.1.attn.qkv.bias"},
    %b1_proj_w: tensor<64x64xf32> {umc.param = "blocks.1.attn.proj.weight"},
    %b1_proj_b: tensor<64xf32> {umc.param = "blocks.1.attn.proj.bias"},
    %b1_fc1_w: tensor<256x64xf32> {umc.param = "blocks.1.mlp.fc1.weight"},
    %b1_fc1_b: tensor<256xf32> {umc.param = "blocks.1.mlp.fc1.bias"},
    %b1_fc2_w: tensor<64x256xf32> {umc.param = "blocks.1.mlp.fc2.weight"},
    %b1_fc2_b: tensor<64xf32> {umc.param = "blocks.1.mlp.fc2.bias"},
    %b1_ada_w: tensor<384x64xf32> {umc.param = "blocks.1.adaLN_modulation.1.weight"},
    %b1_ada_b: tensor<384xf32> {umc.param = "blocks.1.adaLN_modulation.1.bias"},
    %b2_qkv_w: tensor<192x64xf32> {umc.param = "blocks.2.attn.qkv.weight"},
    %b2_qkv_b: tensor<192xf32> {umc.param = "blocks.2.attn.qkv.bias"},
    %b2_proj_w: tensor<64x64xf32> {umc.param = "blocks.2.attn.proj.weight"},
    %b2_proj_b: tensor<64xf32> {umc.param = "blocks.2.attn.proj.bias"},
    %b2_fc1_w: tensor<256x64xf32> {umc.param = "blocks.2.mlp.fc1.weight"},
    %b2_fc1_b: tensor<256xf32> {umc.param = "blocks.2.mlp.fc1.bias"},
    %b2_fc2_w: tensor<64x256xf32> {umc.param = "blocks.2.mlp.fc2.weight"},
    %b2_fc2_b: tensor<64xf32> {umc.param = "blocks.2.mlp.fc2.bias"},
    %b2_ada_w: tensor<384x64xf32> {umc.param = "blocks.2.adaLN_modulation.1.weight"},
    %b2_ada_b: tensor<384xf32> {umc.param = "blocks.2.adaLN_modulation.1.bias"},
    %final_ada_w: tensor<128x64xf32> {umc.param = "final_layer.adaLN_modulation.1.weight"},
    %final_ada_b: tensor<128xf32> {umc.param = "final_layer.adaLN_modulation.1.bias"},
    %final_w: tensor<4x64xf32> {umc.param = "final_layer.linear.weight"},
    %final_b: tensor<4xf32> {umc.param = "final_layer.linear.bias"}) -> tensor<4x1x8x8xf32> {
  %zero = arith.constant dense<0> : tensor<i64>
  %x0 = func.call @init_noise(%seed, %zero) : (tensor<i64>, tensor<i64>) -> tensor<4x1x8x8xf32>
  %n = tensor.extract %steps[] : tensor<i32>
  %n_index = arith.index_cast %n : i32 to index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %image = scf.for %i = %c0 to %n_index step %c1 iter_args(%x = %x0) -> (tensor<4x1x8x8xf32>) {
    %i32 = arith.index_cast %i : index to i32
    %step = tensor.from_elements %i32 : tensor<i32>
    %x1 = func.call @denoise_euler(%x, %step, %steps, %tokens, %lengths, %guidance, %patch_w, %patch_b, %pos, %t_w1, %t_b1, %t_w2, %t_b2, %y_table, %y_null, %b0_qkv_w, %b0_qkv_b, %b0_proj_w, %b0_proj_b, %b0_fc1_w, %b0_fc1_b, %b0_fc2_w, %b0_fc2_b, %b0_ada_w, %b0_ada_b, %b1_qkv_w, %b1_qkv_b, %b1_proj_w, %b1_proj_b, %b1_fc1_w, %b1_fc1_b, %b1_fc2_w, %b1_fc2_b, %b1_ada_w, %b1_ada_b, %b2_qkv_w, %b2_qkv_b, %b2_proj_w, %b2_proj_b, %b2_fc1_w, %b2_fc1_b, %b2_fc2_w, %b2_fc2_b, %b2_ada_w, %b2_ada_b, %final_ada_w, %final_ada_b, %final_w, %final_b)
      : (tensor<4x1x8x8xf32>, tensor<i32>, tensor<i32>, tensor<4x16xi32>, tensor<4xi32>, tensor<f32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<64xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<192x64xf32>, tensor<192xf32>, tensor<64x64xf32>, tensor<64xf32>, tensor<256x64xf32>, tensor<256xf32>, tensor<64x256xf32>, tensor<64xf32>, tensor<384x64xf32>, tensor<384xf32>, tensor<128x64xf32>, tensor<128xf32>, tensor<4x64xf32>, tensor<4xf32>) -> tensor<4x1x8x8xf32>
    scf.yield %x1 : tensor<4x1x8x8xf32>
  }
  return %image : tensor<4x1x8x8xf32>
}
} // module
