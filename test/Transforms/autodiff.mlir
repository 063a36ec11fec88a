// RUN: umc-opt %s --split-input-file --umc-autodiff | FileCheck %s

// A linear layer: dW = dy^T x, dbias = sum of dy over rows; x is an input,
// so its gradient is not built. The loss function itself stays.
// CHECK-LABEL: func.func @linear
// CHECK-LABEL: func.func @linear_grad
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<3x8xf32> {umc.param = "w"}, %{{.*}}: tensor<3xf32> {umc.param = "b"})
// CHECK-SAME: -> (tensor<f32>, tensor<3x8xf32> {umc.grad_of = "w"}, tensor<3xf32> {umc.grad_of = "b"})
// CHECK: %[[LOSS:.*]] = umc.mean
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DY:.*]] = umc.broadcast %{{.*}} : tensor<4x1xf32> -> tensor<4x3xf32>
// CHECK-NOT: umc.matmul %[[DY]], %[[W]]
// CHECK: %[[DYT:.*]] = umc.transpose %[[DY]] [1, 0]
// CHECK: %[[DW:.*]] = umc.matmul %[[DYT]], %[[X]] : (tensor<3x4xf32>, tensor<4x8xf32>) -> tensor<3x8xf32>
// CHECK: %[[DB:.*]] = umc.sum %[[DY]] axis = 0 : tensor<4x3xf32> -> tensor<3xf32>
// CHECK: return %[[LOSS]], %[[DW]], %[[DB]]
func.func @linear(%x: tensor<4x8xf32>, %w: tensor<3x8xf32> {umc.param = "w"}, %b: tensor<3xf32> {umc.param = "b"}) -> tensor<f32> attributes {umc.loss} {
  %y = umc.linear %x, %w, %b : (tensor<4x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %s = umc.sum %y axis = 1 : tensor<4x3xf32> -> tensor<4xf32>
  %l = umc.mean %s axis = 0 : tensor<4xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A value read twice gets the sum of both gradients; a parameter the loss
// does not read gets zeros; a function without umc.loss is left alone.
// CHECK-LABEL: func.func @square_grad
// CHECK-SAME: (%[[P:[^:]+]]: tensor<f32> {umc.param = "p"}
// CHECK: %[[SEED:.*]] = arith.constant dense<1.000000e+00>
// CHECK: %[[A:.*]] = umc.mul %[[SEED]], %[[P]] :
// CHECK: %[[B:.*]] = umc.mul %[[SEED]], %[[P]] :
// CHECK: %[[DP:.*]] = umc.add %[[A]], %[[B]]
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[DU:.*]] = umc.broadcast %[[ZERO]] : tensor<f32> -> tensor<5xf32>
// CHECK: return %{{.*}}, %[[DP]], %[[DU]]
// CHECK-NOT: func.func @helper_grad
func.func @square(%p: tensor<f32> {umc.param = "p"}, %u: tensor<5xf32> {umc.param = "u"}) -> tensor<f32> attributes {umc.loss} {
  %sq = umc.mul %p, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %sq : tensor<f32>
}
func.func @helper(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}

// -----

// Blocks are differentiated through their primitives: the gradient
// function holds no ar_block, and attention's rule builds one attention_grad
// per operand.
// CHECK-LABEL: func.func @block_grad
// CHECK-NOT: umc.ar_block
// CHECK-DAG: umc.attention_grad query
// CHECK-DAG: umc.attention_grad key
// CHECK-DAG: umc.attention_grad value
// CHECK: return
func.func @block(%x: tensor<1x6x8xf32>, %pos: tensor<6xi32>,
    %n1: tensor<8xf32> {umc.param = "n1"}, %wq: tensor<8x8xf32> {umc.param = "wq"},
    %wk: tensor<4x8xf32> {umc.param = "wk"}, %wv: tensor<4x8xf32> {umc.param = "wv"},
    %wo: tensor<8x8xf32> {umc.param = "wo"}, %n2: tensor<8xf32> {umc.param = "n2"},
    %wg: tensor<12x8xf32> {umc.param = "wg"}, %wd: tensor<8x12xf32> {umc.param = "wd"},
    %wu: tensor<12x8xf32> {umc.param = "wu"}) -> tensor<f32> attributes {umc.loss} {
  %h = umc.ar_block %x positions %pos attn_norm(%n1) attn(%wq, %wk, %wv, %wo) mlp_norm(%n2) mlp(%wg, %wd, %wu)
      heads = 2 kv_heads = 1 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06
      : (tensor<1x6x8xf32>, tensor<6xi32>, tensor<8xf32>, tensor<8x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<12x8xf32>, tensor<8x12xf32>, tensor<12x8xf32>) -> tensor<1x6x8xf32>
  %s = umc.sum %h axis = 2 : tensor<1x6x8xf32> -> tensor<1x6xf32>
  %t = umc.sum %s axis = 1 : tensor<1x6xf32> -> tensor<1xf32>
  %l = umc.sum %t axis = 0 : tensor<1xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// unpatchify has a rule of its own, so it stays whole: its gradient is one
// patchify, each patch's features then moved from (c, i, j) to the
// (i, j, c) order of channels_last.
// CHECK-LABEL: func.func @unpatchify_grad
// CHECK: umc.unpatchify %{{.*}} patch_size = 2 channels_last
// CHECK: %[[P:.*]] = umc.patchify %{{.*}} patch_size = 2 : (tensor<1x3x4x4xf32>) -> tensor<1x4x12xf32>
// CHECK: %[[S:.*]] = umc.reshape %[[P]] : tensor<1x4x12xf32> -> tensor<1x4x3x4xf32>
// CHECK: %[[T:.*]] = umc.transpose %[[S]] [0, 1, 3, 2]
// CHECK: %[[G:.*]] = umc.reshape %[[T]] : tensor<1x4x4x3xf32> -> tensor<1x4x12xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @unpatchify(%x: tensor<1x4x12xf32> {umc.param = "x"}) -> tensor<f32> attributes {umc.loss} {
  %img = umc.unpatchify %x patch_size = 2 channels_last : (tensor<1x4x12xf32>) -> tensor<1x3x4x4xf32>
  %r = umc.reshape %img : tensor<1x3x4x4xf32> -> tensor<48xf32>
  %l = umc.sum %r axis = 0 : tensor<48xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The update's gradient is the window at the run-time offset: the axis,
// moved last, contracted with the one-hot S[i, j] = (j == offset + i).
// CHECK-LABEL: func.func @window_grad
// CHECK-SAME: %[[POS:[^:]+]]: tensor<i32>)
// CHECK: %[[LO:.*]] = umc.minimum %[[POS]], %{{.*}} : (tensor<i32>, tensor<i32>) -> tensor<i32>
// CHECK: %[[START:.*]] = umc.maximum %[[LO]], %{{.*}} : (tensor<i32>, tensor<i32>) -> tensor<i32>
// CHECK: %[[I:.*]] = umc.iota axis = 0 : tensor<2x1xi32>
// CHECK: %[[READ:.*]] = umc.add %[[I]], %[[START]]
// CHECK: %[[J:.*]] = umc.iota axis = 0 : tensor<6xi32>
// CHECK: %[[HIT:.*]] = umc.compare eq %[[READ]], %[[J]] : (tensor<2x1xi32>, tensor<6xi32>) -> tensor<2x6xi8>
// CHECK: %[[S:.*]] = umc.cast %[[HIT]] : tensor<2x6xi8> -> tensor<2x6xf32>
// CHECK: %[[MOVED:.*]] = umc.transpose %{{.*}} [0, 2, 1] : tensor<2x6x3xf32> -> tensor<2x3x6xf32>
// CHECK: %[[PICKED:.*]] = umc.linear %[[MOVED]], %[[S]] : (tensor<2x3x6xf32>, tensor<2x6xf32>) -> tensor<2x3x2xf32>
// CHECK: %[[DKV:.*]] = umc.transpose %[[PICKED]] [0, 2, 1] : tensor<2x3x2xf32> -> tensor<2x2x3xf32>
// CHECK: return %{{.*}}, %[[DKV]]
func.func @window(%cache: tensor<2x6x3xf32>, %kv: tensor<2x2x3xf32> {umc.param = "kv"}, %pos: tensor<i32>) -> tensor<f32> attributes {umc.loss} {
  %c = umc.update_slice %cache, %kv at %pos axis = 1 : (tensor<2x6x3xf32>, tensor<2x2x3xf32>, tensor<i32>) -> tensor<2x6x3xf32>
  %r = umc.reshape %c : tensor<2x6x3xf32> -> tensor<36xf32>
  %l = umc.sum %r axis = 0 : tensor<36xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The router's rule asks the same router (same noise) for every expert,
// without capacity, to recompute the probabilities and the ranking.
// CHECK-LABEL: func.func @router_grad
// CHECK: umc.router %[[L:.*]] seed %[[S:.*]] counter %[[C:.*]] top_k = 2 capacity = 2 temperature = 5.000000e-01 renormalize
// CHECK: umc.router %[[L]] seed %[[S]] counter %[[C]] top_k = 3 temperature = 5.000000e-01 :
// CHECK: return
func.func @router(%l: tensor<5x3xf32> {umc.param = "l"}, %s: tensor<i64>, %c: tensor<i64>) -> tensor<f32> attributes {umc.loss} {
  %ids, %gates, %dropped, %balance = umc.router %l seed %s counter %c top_k = 2 capacity = 2 temperature = 5.0e-01 renormalize : (tensor<5x3xf32>, tensor<i64>, tensor<i64>) -> (tensor<5x2xi32>, tensor<5x2xf32>, tensor<i32>, tensor<f32>)
  %r = umc.reshape %gates : tensor<5x2xf32> -> tensor<10xf32>
  %g = umc.sum %r axis = 0 : tensor<10xf32> -> tensor<f32>
  %t = umc.add %g, %balance : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %t : tensor<f32>
}
