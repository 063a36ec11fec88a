// RUN: umc-opt %s --split-input-file --umc-decompose | FileCheck %s

// split: one slice per piece, at its running offset along the axis.
// CHECK-LABEL: func.func @split_uneven
// CHECK-SAME: (%[[X:.*]]: tensor<2x7xf32>)
// CHECK: %[[A:.*]] = umc.slice %[[X]] offsets = [0, 0] sizes = [2, 3] : tensor<2x7xf32> -> tensor<2x3xf32>
// CHECK: %[[B:.*]] = umc.slice %[[X]] offsets = [0, 3] sizes = [2, 4] : tensor<2x7xf32> -> tensor<2x4xf32>
// CHECK-NOT: umc.split
// CHECK: return %[[A]], %[[B]]
func.func @split_uneven(%x: tensor<2x7xf32>) -> (tensor<2x3xf32>, tensor<2x4xf32>) {
  %0:2 = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<2x4xf32>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x4xf32>
}

// -----

// A negative axis counts from the back; three equal chunks (q, k, v).
// CHECK-LABEL: func.func @chunk_negative_axis
// CHECK: umc.slice %{{.*}} offsets = [0, 0, 0] sizes = [2, 8, 32]
// CHECK: umc.slice %{{.*}} offsets = [0, 0, 32] sizes = [2, 8, 32]
// CHECK: umc.slice %{{.*}} offsets = [0, 0, 64] sizes = [2, 8, 32]
func.func @chunk_negative_axis(%qkv: tensor<2x8x96xf32>) -> (tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>) {
  %0:3 = umc.split %qkv axis = -1 : tensor<2x8x96xf32> -> tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>
  return %0#0, %0#1, %0#2 : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>
}

// -----

// A split into one piece is the input itself: its slice folds away.
// CHECK-LABEL: func.func @split_one_piece
// CHECK-SAME: (%[[X:.*]]: tensor<5xf32>)
// CHECK-NOT: umc.slice
// CHECK: return %[[X]]
func.func @split_one_piece(%x: tensor<5xf32>) -> tensor<5xf32> {
  %0 = umc.split %x axis = 0 : tensor<5xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Ops the pass does not know pass through untouched.
// CHECK-LABEL: func.func @other_ops
// CHECK: umc.linear
// CHECK: arith.addf
func.func @other_ops(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>, %a: f32) -> (tensor<4x8xf32>, f32) {
  %0 = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = arith.addf %a, %a : f32
  return %0, %1 : tensor<4x8xf32>, f32
}

// -----

// ar_block, LLaMA-style (RMSNorm, SwiGLU, RoPE, 4 query heads over 2 kv
// heads), full recomputation: norm, three projections split into heads,
// rope on q and k, causal attention, output projection and residual, then
// norm, silu(gate) * up, down projection and residual.
// CHECK-LABEL: func.func @ar_block_prefill
// CHECK-SAME:    (%[[X:.*]]: tensor<1x8x32xf32>, %[[POS:.*]]: tensor<8xi32>
// CHECK:         %[[N1:.*]] = umc.rms_norm %[[X]] scale %{{.*}} :
// CHECK:         %[[Q:.*]] = umc.linear %[[N1]], %{{.*}} : (tensor<1x8x32xf32>, tensor<32x32xf32>) -> tensor<1x8x32xf32>
// CHECK:         umc.reshape %[[Q]] : tensor<1x8x32xf32> -> tensor<1x8x4x8xf32>
// CHECK:         %[[QH:.*]] = umc.transpose %{{.*}} [0, 2, 1, 3] : tensor<1x8x4x8xf32> -> tensor<1x4x8x8xf32>
// CHECK:         %[[K:.*]] = umc.linear %[[N1]], %{{.*}} : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK:         %[[KH:.*]] = umc.transpose %{{.*}} [0, 2, 1, 3] : tensor<1x8x2x8xf32> -> tensor<1x2x8x8xf32>
// CHECK:         %[[VH:.*]] = umc.transpose %{{.*}} [0, 2, 1, 3] : tensor<1x8x2x8xf32> -> tensor<1x2x8x8xf32>
// CHECK:         %[[QR:.*]] = umc.rope %[[QH]], %[[POS]] :
// CHECK:         %[[KR:.*]] = umc.rope %[[KH]], %[[POS]] :
// CHECK:         %[[O:.*]] = umc.attention %[[QR]], %[[KR]], %[[VH]] mask <causal> :
// CHECK:         umc.transpose %[[O]] [0, 2, 1, 3]
// CHECK:         %[[H:.*]] = umc.add %[[X]], %{{.*}}
// CHECK:         %[[N2:.*]] = umc.rms_norm %[[H]]
// CHECK:         %[[GATE:.*]] = umc.linear %[[N2]], %{{.*}} : (tensor<1x8x32xf32>, tensor<40x32xf32>) -> tensor<1x8x40xf32>
// CHECK:         %[[S:.*]] = umc.silu %[[GATE]]
// CHECK:         %[[UP:.*]] = umc.linear %[[N2]], %{{.*}} : (tensor<1x8x32xf32>, tensor<40x32xf32>) -> tensor<1x8x40xf32>
// CHECK:         %[[M:.*]] = umc.mul %[[S]], %[[UP]]
// CHECK:         %[[D:.*]] = umc.linear %[[M]], %{{.*}} : (tensor<1x8x40xf32>, tensor<32x40xf32>) -> tensor<1x8x32xf32>
// CHECK:         %[[Y:.*]] = umc.add %[[H]], %[[D]]
// CHECK:         return %[[Y]]
func.func @ar_block_prefill(%x: tensor<1x8x32xf32>, %pos: tensor<8xi32>, %g1: tensor<32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<16x32xf32>, %wv: tensor<16x32xf32>, %wo: tensor<32x32xf32>, %g2: tensor<32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>, %w3: tensor<40x32xf32>) -> tensor<1x8x32xf32> {
  %y = umc.ar_block %x positions %pos attn_norm(%g1) attn(%wq, %wk, %wv, %wo) mlp_norm(%g2) mlp(%w1, %w2, %w3) heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06 : (tensor<1x8x32xf32>, tensor<8xi32>, tensor<32xf32>, tensor<32x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>, tensor<40x32xf32>) -> tensor<1x8x32xf32>
  return %y : tensor<1x8x32xf32>
}

// -----

// Decode mode: k and v are written into the caches at the offset, attention
// reads the updated caches with its query at the offset, and the block
// returns the caches. GPT-style: LayerNorm with bias, GELU MLP, QK-norm
// before the (absent) rotation.
// CHECK-LABEL: func.func @ar_block_decode
// CHECK-SAME:    %[[KC:[^:]*]]: tensor<2x2x16x8xf32>, %[[VC:[^:]*]]: tensor<2x2x16x8xf32>, %[[P:[^:]*]]: tensor<i32>)
// CHECK:         umc.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}}
// CHECK:         %[[QN:.*]] = umc.rms_norm %{{.*}} scale %{{.*}} {{.*}} : (tensor<2x4x1x8xf32>, tensor<8xf32>)
// CHECK:         %[[KN:.*]] = umc.rms_norm %{{.*}} scale %{{.*}} {{.*}} : (tensor<2x2x1x8xf32>, tensor<8xf32>)
// CHECK-NOT:     umc.rope
// CHECK:         %[[K2:.*]] = umc.update_slice %[[KC]], %[[KN]] at %[[P]] axis = 2
// CHECK:         %[[V2:.*]] = umc.update_slice %[[VC]], %{{.*}} at %[[P]] axis = 2
// CHECK:         umc.attention %[[QN]], %[[K2]], %[[V2]] mask <causal> query_offset %[[P]]
// CHECK:         umc.gelu
// CHECK:         return %{{.*}}, %[[K2]], %[[V2]]
func.func @ar_block_decode(%x: tensor<2x1x32xf32>, %g1: tensor<32xf32>, %b1: tensor<32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<16x32xf32>, %wv: tensor<16x32xf32>, %wo: tensor<32x32xf32>, %gq: tensor<8xf32>, %gk: tensor<8xf32>, %g2: tensor<32xf32>, %b2: tensor<32xf32>, %w1: tensor<64x32xf32>, %w2: tensor<32x64xf32>, %kc: tensor<2x2x16x8xf32>, %vc: tensor<2x2x16x8xf32>, %p: tensor<i32>) -> (tensor<2x1x32xf32>, tensor<2x2x16x8xf32>, tensor<2x2x16x8xf32>) {
  %y:3 = umc.ar_block %x attn_norm(%g1, %b1) attn(%wq, %wk, %wv, %wo) qk_norm(%gq, %gk) mlp_norm(%g2, %b2) mlp(%w1, %w2) cache(%kc, %vc) at %p heads = 4 kv_heads = 2 norm = layer_norm mlp = gelu mask <causal> : (tensor<2x1x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>, tensor<8xf32>, tensor<8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<2x2x16x8xf32>, tensor<2x2x16x8xf32>, tensor<i32>) -> (tensor<2x1x32xf32>, tensor<2x2x16x8xf32>, tensor<2x2x16x8xf32>)
  return %y#0, %y#1, %y#2 : tensor<2x1x32xf32>, tensor<2x2x16x8xf32>, tensor<2x2x16x8xf32>
}

// -----

// timestep_embed: frequencies exp(i * -log(max_period) / half) from an iota,
// t as a column, then cos and sin side by side.
// CHECK-LABEL: func.func @timestep_embed
// CHECK:         %[[I:.*]] = umc.iota axis = 0 : tensor<4xf32>
// CHECK:         %[[F:.*]] = umc.exp %{{.*}} : tensor<4xf32>
// CHECK:         %[[T:.*]] = umc.reshape %{{.*}} : tensor<3xf32> -> tensor<3x1xf32>
// CHECK:         %[[A:.*]] = umc.mul %[[T]], %[[F]] : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<3x4xf32>
// CHECK:         %[[C:.*]] = umc.cos %[[A]]
// CHECK:         %[[S:.*]] = umc.sin %[[A]]
// CHECK:         umc.concat %[[C]], %[[S]] axis = 1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x8xf32>
func.func @timestep_embed(%t: tensor<3xf32>) -> tensor<3x8xf32> {
  %0 = umc.timestep_embed %t dim = 8 : (tensor<3xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// diffusion_step, flow_euler with guidance: p = u + w (c - u), then
// x + (t_next - t) p.
// CHECK-LABEL: func.func @flow_euler_guided
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<4xf32>, %[[U:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<f32>, %[[T0:.*]]: tensor<f32>, %[[T1:.*]]: tensor<f32>)
// CHECK:         %[[D:.*]] = umc.sub %[[C]], %[[U]]
// CHECK:         %[[WD:.*]] = umc.mul %[[W]], %[[D]]
// CHECK:         %[[P:.*]] = umc.add %[[U]], %[[WD]]
// CHECK:         %[[H:.*]] = umc.sub %[[T1]], %[[T0]]
// CHECK:         %[[HP:.*]] = umc.mul %[[H]], %[[P]]
// CHECK:         umc.add %[[X]], %[[HP]]
func.func @flow_euler_guided(%x: tensor<4xf32>, %c: tensor<4xf32>, %u: tensor<4xf32>, %w: tensor<f32>, %t0: tensor<f32>, %t1: tensor<f32>) -> tensor<4xf32> {
  %0 = umc.diffusion_step %x, %c uncond %u guidance %w at %t0 to %t1 sampler = flow_euler : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// moe, dense: combine weights from ids - iota (zero where ids[t, k] == e),
// every expert on x^T, the weighted sum over experts, back to [T, D].
// CHECK-LABEL: func.func @moe_gelu
// CHECK-SAME:    (%[[X:.*]]: tensor<37x16xf32>, %[[I:.*]]: tensor<37x2xi32>, %[[G:.*]]: tensor<37x2xf32>, %[[W1:.*]]: tensor<5x24x16xf32>, %[[W2:.*]]: tensor<5x16x24xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[IC:.*]] = umc.reshape %[[I]] : tensor<37x2xi32> -> tensor<37x2x1xi32>
// CHECK:         %[[E:.*]] = umc.iota axis = 0 : tensor<5xi32>
// CHECK:         %[[NE:.*]] = umc.sub %[[IC]], %[[E]] : (tensor<37x2x1xi32>, tensor<5xi32>) -> tensor<37x2x5xi32>
// CHECK:         %[[GC:.*]] = umc.reshape %[[G]] : tensor<37x2xf32> -> tensor<37x2x1xf32>
// CHECK:         %[[PICK:.*]] = umc.where %[[NE]], %[[ZERO]], %[[GC]] : (tensor<37x2x5xi32>, tensor<f32>, tensor<37x2x1xf32>) -> tensor<37x2x5xf32>
// CHECK:         %[[C:.*]] = umc.sum %[[PICK]] axis = 1 : tensor<37x2x5xf32> -> tensor<37x5xf32>
// CHECK:         %[[XT:.*]] = umc.transpose %[[X]] [1, 0] : tensor<37x16xf32> -> tensor<16x37xf32>
// CHECK:         %[[UP:.*]] = umc.matmul %[[W1]], %[[XT]] : (tensor<5x24x16xf32>, tensor<16x37xf32>) -> tensor<5x24x37xf32>
// CHECK:         %[[ACT:.*]] = umc.gelu %[[UP]] : tensor<5x24x37xf32>
// CHECK:         %[[OUT:.*]] = umc.matmul %[[W2]], %[[ACT]] : (tensor<5x16x24xf32>, tensor<5x24x37xf32>) -> tensor<5x16x37xf32>
// CHECK:         %[[CT:.*]] = umc.transpose %[[C]] [1, 0] : tensor<37x5xf32> -> tensor<5x37xf32>
// CHECK:         %[[CW:.*]] = umc.reshape %[[CT]] : tensor<5x37xf32> -> tensor<5x1x37xf32>
// CHECK:         %[[WEIGHTED:.*]] = umc.mul %[[OUT]], %[[CW]] : (tensor<5x16x37xf32>, tensor<5x1x37xf32>) -> tensor<5x16x37xf32>
// CHECK:         %[[YT:.*]] = umc.sum %[[WEIGHTED]] axis = 0 : tensor<5x16x37xf32> -> tensor<16x37xf32>
// CHECK:         %[[Y:.*]] = umc.transpose %[[YT]] [1, 0] : tensor<16x37xf32> -> tensor<37x16xf32>
// CHECK-NOT:     umc.moe
// CHECK:         return %[[Y]]
func.func @moe_gelu(%x: tensor<37x16xf32>, %i: tensor<37x2xi32>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) -> tensor<37x16xf32> {
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return %0 : tensor<37x16xf32>
}

// -----

// moe with SwiGLU: silu(w1 x^T) * (w3 x^T) before w2; i64 ids give an i64 iota.
// CHECK-LABEL: func.func @moe_swiglu
// CHECK-SAME:    (%{{.*}}: tensor<37x16xf32>, %{{.*}}: tensor<37x2xi64>, %{{.*}}: tensor<37x2xf32>, %[[W1:.*]]: tensor<5x24x16xf32>, %[[W2:.*]]: tensor<5x16x24xf32>, %[[W3:.*]]: tensor<5x24x16xf32>)
// CHECK:         umc.iota axis = 0 : tensor<5xi64>
// CHECK:         %[[XT:.*]] = umc.transpose
// CHECK:         %[[GATE:.*]] = umc.matmul %[[W1]], %[[XT]]
// CHECK:         %[[S:.*]] = umc.silu %[[GATE]] : tensor<5x24x37xf32>
// CHECK:         %[[UP:.*]] = umc.matmul %[[W3]], %[[XT]]
// CHECK:         %[[H:.*]] = umc.mul %[[S]], %[[UP]]
// CHECK:         umc.matmul %[[W2]], %[[H]]
// CHECK-NOT:     umc.moe
func.func @moe_swiglu(%x: tensor<37x16xf32>, %i: tensor<37x2xi64>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>, %w3: tensor<5x24x16xf32>) -> tensor<37x16xf32> {
  %0 = umc.moe %x, %i, %g experts(%w1, %w2, %w3) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi64>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
  return %0 : tensor<37x16xf32>
}

// -----

// task_router, mean pool: mean over S, linear + gelu, linear, argmax.
// CHECK-LABEL: func.func @task_router_mean
// CHECK-SAME:    (%[[X:.*]]: tensor<3x7x16xf32>, %[[W1:.*]]: tensor<32x16xf32>, %[[B1:.*]]: tensor<32xf32>, %[[W2:.*]]: tensor<4x32xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK:         %[[P:.*]] = umc.mean %[[X]] axis = 1 : tensor<3x7x16xf32> -> tensor<3x16xf32>
// CHECK:         %[[H:.*]] = umc.linear %[[P]], %[[W1]], %[[B1]]
// CHECK:         %[[A:.*]] = umc.gelu %[[H]] : tensor<3x32xf32>
// CHECK:         %[[L:.*]] = umc.linear %[[A]], %[[W2]], %[[B2]] : (tensor<3x32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> tensor<3x4xf32>
// CHECK:         %[[T:.*]] = umc.argmax %[[L]] axis = -1 : tensor<3x4xf32> -> tensor<3xi32>
// CHECK:         return %[[L]], %[[T]]
func.func @task_router_mean(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>) {
  %0:2 = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3xi32>
}

// -----

// task_router, first-token pool: a slice of token 0 reshaped to [B, D].
// CHECK-LABEL: func.func @task_router_first
// CHECK:         %[[S:.*]] = umc.slice %{{.*}} offsets = [0, 0, 0] sizes = [3, 1, 16] : tensor<3x7x16xf32> -> tensor<3x1x16xf32>
// CHECK:         %[[P:.*]] = umc.reshape %[[S]] : tensor<3x1x16xf32> -> tensor<3x16xf32>
// CHECK:         umc.linear %[[P]]
// CHECK-NOT:     umc.mean
func.func @task_router_first(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>) {
  %0:2 = umc.task_router %x pool = first mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3xi32>
}

// -----

// vq_quantize: argmax of z . c - |c|^2 / 2, one linear with the norms as bias.
// CHECK-LABEL: func.func @vq_quantize_f32
// CHECK-SAME:    (%[[Z:.*]]: tensor<2x37x8xf32>, %[[C:.*]]: tensor<5x8xf32>)
// CHECK-DAG:     %[[HALF:.*]] = arith.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-NOT:     umc.cast
// CHECK:         %[[SQ:.*]] = umc.mul %[[C]], %[[C]] : (tensor<5x8xf32>, tensor<5x8xf32>) -> tensor<5x8xf32>
// CHECK:         %[[N:.*]] = umc.sum %[[SQ]] axis = 1 : tensor<5x8xf32> -> tensor<5xf32>
// CHECK:         %[[B:.*]] = umc.mul %[[N]], %[[HALF]] : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
// CHECK:         %[[S:.*]] = umc.linear %[[Z]], %[[C]], %[[B]] : (tensor<2x37x8xf32>, tensor<5x8xf32>, tensor<5xf32>) -> tensor<2x37x5xf32>
// CHECK:         %[[I:.*]] = umc.argmax %[[S]] axis = -1 : tensor<2x37x5xf32> -> tensor<2x37xi32>
// CHECK:         return %[[I]]
func.func @vq_quantize_f32(%z: tensor<2x37x8xf32>, %c: tensor<5x8xf32>) -> tensor<2x37xi32> {
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xf32>, tensor<5x8xf32>) -> tensor<2x37xi32>
  return %0 : tensor<2x37xi32>
}

// -----

// bf16 vectors and codes are scored in f32.
// CHECK-LABEL: func.func @vq_quantize_bf16
// CHECK:         %[[Z:.*]] = umc.cast %{{.*}} : tensor<2x37x8xbf16> -> tensor<2x37x8xf32>
// CHECK:         %[[C:.*]] = umc.cast %{{.*}} : tensor<5x8xbf16> -> tensor<5x8xf32>
// CHECK:         umc.linear %[[Z]], %[[C]], %{{.*}} : (tensor<2x37x8xf32>, tensor<5x8xf32>, tensor<5xf32>) -> tensor<2x37x5xf32>
func.func @vq_quantize_bf16(%z: tensor<2x37x8xbf16>, %c: tensor<5x8xbf16>) -> tensor<2x37xi32> {
  %0 = umc.vq_quantize %z, %c : (tensor<2x37x8xbf16>, tensor<5x8xbf16>) -> tensor<2x37xi32>
  return %0 : tensor<2x37xi32>
}

// -----

// vq_lookup is an embedding of the codebook.
// CHECK-LABEL: func.func @vq_lookup
// CHECK-SAME:    (%[[I:.*]]: tensor<2x37xi32>, %[[C:.*]]: tensor<5x8xf32>)
// CHECK:         %[[E:.*]] = umc.embedding %[[I]], %[[C]] : (tensor<2x37xi32>, tensor<5x8xf32>) -> tensor<2x37x8xf32>
// CHECK:         return %[[E]]
func.func @vq_lookup(%i: tensor<2x37xi32>, %c: tensor<5x8xf32>) -> tensor<2x37x8xf32> {
  %0 = umc.vq_lookup %i, %c : (tensor<2x37xi32>, tensor<5x8xf32>) -> tensor<2x37x8xf32>
  return %0 : tensor<2x37x8xf32>
}

// -----

// router and unmask are lowered directly (UmcToLinalg/Routing.cpp), not
// decomposed.
// CHECK-LABEL: func.func @router_and_unmask_stay
// CHECK:         umc.router
// CHECK:         umc.unmask
func.func @router_and_unmask_stay(%l: tensor<37x5xf32>, %t: tensor<2x37xi32>, %u: tensor<2x37x11xf32>, %s: tensor<i64>, %m: tensor<i32>) -> (tensor<37x2xi32>, tensor<2x37xi32>) {
  %0:4 = umc.router %l top_k = 2 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  %1 = umc.unmask %t, %u mask_id = 3 seed %s counter %s masked_after %m : (tensor<2x37xi32>, tensor<2x37x11xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi32>
  return %0#0, %1 : tensor<37x2xi32>, tensor<2x37xi32>
}

// -----

// patch_embed: patchify, the Conv2d weight flattened in patchify's (c, i, j)
// order, linear with the bias, then the positions.
// CHECK-LABEL: func.func @patch_embed
// CHECK-SAME:    (%[[IMG:.*]]: tensor<2x3x8x12xf32>, %[[W:.*]]: tensor<5x3x4x4xf32>, %[[B:.*]]: tensor<5xf32>, %[[POS:.*]]: tensor<6x5xf32>)
// CHECK:         %[[P:.*]] = umc.patchify %[[IMG]] patch_size = 4 : (tensor<2x3x8x12xf32>) -> tensor<2x6x48xf32>
// CHECK:         %[[F:.*]] = umc.reshape %[[W]] : tensor<5x3x4x4xf32> -> tensor<5x48xf32>
// CHECK:         %[[L:.*]] = umc.linear %[[P]], %[[F]], %[[B]]
// CHECK:         umc.add %[[L]], %[[POS]] : (tensor<2x6x5xf32>, tensor<6x5xf32>) -> tensor<2x6x5xf32>
func.func @patch_embed(%img: tensor<2x3x8x12xf32>, %w: tensor<5x3x4x4xf32>, %b: tensor<5xf32>, %pos: tensor<6x5xf32>) -> tensor<2x6x5xf32> {
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x12xf32>, tensor<5x3x4x4xf32>, tensor<5xf32>, tensor<6x5xf32>) -> tensor<2x6x5xf32>
  return %0 : tensor<2x6x5xf32>
}

// -----

// unpatchify: features (c, i, j) by default, (i, j, c) with channels_last.
// CHECK-LABEL: func.func @unpatchify
// CHECK:         %[[A:.*]] = umc.reshape %{{.*}} : tensor<2x6x48xf32> -> tensor<2x2x3x3x4x4xf32>
// CHECK:         %[[B:.*]] = umc.transpose %[[A]] [0, 3, 1, 4, 2, 5]
// CHECK:         umc.reshape %[[B]] : tensor<2x3x2x4x3x4xf32> -> tensor<2x3x8x12xf32>
// CHECK:         %[[C:.*]] = umc.reshape %{{.*}} : tensor<2x6x48xf32> -> tensor<2x2x3x4x4x3xf32>
// CHECK:         %[[D:.*]] = umc.transpose %[[C]] [0, 5, 1, 3, 2, 4]
// CHECK:         umc.reshape %[[D]] : tensor<2x3x2x4x3x4xf32> -> tensor<2x3x8x12xf32>
func.func @unpatchify(%x: tensor<2x6x48xf32>) -> (tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>) {
  %0 = umc.unpatchify %x patch_size = 4 : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  %1 = umc.unpatchify %x patch_size = 4 channels_last : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  return %0, %1 : tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>
}

// -----

// gated_add: the gate as [B, 1, D] times the branch, added to the input.
// CHECK-LABEL: func.func @gated_add
// CHECK-SAME:    (%[[X:.*]]: tensor<2x5x7xf32>, %[[Y:.*]]: tensor<2x5x7xf32>, %[[G:.*]]: tensor<2x7xf32>)
// CHECK:         %[[R:.*]] = umc.reshape %[[G]] : tensor<2x7xf32> -> tensor<2x1x7xf32>
// CHECK:         %[[M:.*]] = umc.mul %[[R]], %[[Y]]
// CHECK:         umc.add %[[X]], %[[M]]
func.func @gated_add(%x: tensor<2x5x7xf32>, %y: tensor<2x5x7xf32>, %g: tensor<2x7xf32>) -> tensor<2x5x7xf32> {
  %0 = umc.gated_add %x, %y gate %g : (tensor<2x5x7xf32>, tensor<2x5x7xf32>, tensor<2x7xf32>) -> tensor<2x5x7xf32>
  return %0 : tensor<2x5x7xf32>
}
