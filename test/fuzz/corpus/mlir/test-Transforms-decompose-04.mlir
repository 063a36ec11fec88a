func.func @ar_block_prefill(%x: tensor<1x8x32xf32>, %pos: tensor<8xi32>, %g1: tensor<32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<16x32xf32>, %wv: tensor<16x32xf32>, %wo: tensor<32x32xf32>, %g2: tensor<32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>, %w3: tensor<40x32xf32>) -> tensor<1x8x32xf32> {
  %y = umc.ar_block %x positions %pos attn_norm(%g1) attn(%wq, %wk, %wv, %wo) mlp_norm(%g2) mlp(%w1, %w2, %w3) heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06 : (tensor<1x8x32xf32>, tensor<8xi32>, tensor<32xf32>, tensor<32x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>, tensor<40x32xf32>) -> tensor<1x8x32xf32>
  return %y : tensor<1x8x32xf32>
}
