func.func @ar_block_cache_shape(%x: tensor<1x1x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>, %kc: tensor<1x2x16x8xf32>, %p: tensor<i32>) {
  %0:3 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) cache(%kc, %kc) at %p heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x1x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>, tensor<i32>) -> (tensor<1x1x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>)
  return
}
