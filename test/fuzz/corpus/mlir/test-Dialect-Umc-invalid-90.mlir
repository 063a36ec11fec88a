func.func @ar_block_heads(%x: tensor<1x8x30xf32>, %g: tensor<30xf32>, %w: tensor<30x30xf32>, %w1: tensor<40x30xf32>, %w2: tensor<30x40xf32>) {
  %0 = umc.ar_block %x attn_norm(%g) attn(%w, %w, %w, %w) mlp_norm(%g) mlp(%w1, %w2) heads = 4 kv_heads = 4 norm = rms_norm mlp = gelu mask <causal> : (tensor<1x8x30xf32>, tensor<30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30x30xf32>, tensor<30xf32>, tensor<40x30xf32>, tensor<30x40xf32>) -> tensor<1x8x30xf32>
  return
}
