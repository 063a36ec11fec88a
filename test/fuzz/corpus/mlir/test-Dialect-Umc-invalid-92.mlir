func.func @ar_block_swiglu_needs_up(%x: tensor<1x8x32xf32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>) {
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = swiglu mask <causal> : (tensor<1x8x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
  return
}
