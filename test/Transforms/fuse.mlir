// RUN: umc-opt %s -split-input-file --umc-fuse | FileCheck %s
// RUN: umc-opt %s -split-input-file --umc-fuse=remarks=true -verify-diagnostics -o /dev/null
// RUN: umc-opt %s -split-input-file --umc-fuse='disable=norm_activation,gemm_epilogue' | FileCheck %s --check-prefix=DISABLED
// RUN: not umc-opt %s -split-input-file --umc-fuse='disable=gemm_epilog' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: umc-fuse: there is no fusion rule 'gemm_epilog' to disable; the rules: norm_activation, activation_norm, residual_norm, gemm_epilogue, elementwise

// CHECK-LABEL: func @layer_norm_gelu
// CHECK:         %[[F:.*]] = umc.fusion "norm_activation" : tensor<8x64xf32> {
// CHECK-NEXT:      %[[N:.*]] = umc.layer_norm %arg0
// CHECK-NEXT:      %[[G:.*]] = umc.gelu %[[N]]
// CHECK-NEXT:      umc.yield %[[G]] : tensor<8x64xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[F]]
// With the rule disabled, the two ops stay apart.
// DISABLED-LABEL: func @layer_norm_gelu
// DISABLED-NOT:     umc.fusion
// DISABLED:         return
func.func @layer_norm_gelu(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %n = umc.layer_norm %x : (tensor<8x64xf32>) -> tensor<8x64xf32>
  %g = umc.gelu %n : tensor<8x64xf32>
  return %g : tensor<8x64xf32>
}

// -----

// BERT-style head: the activation comes first.
// CHECK-LABEL: func @gelu_layer_norm
// CHECK:         umc.fusion "activation_norm" : tensor<8x64xf32> {
// CHECK-NEXT:      umc.gelu
// CHECK-NEXT:      umc.layer_norm
// CHECK-NEXT:      umc.yield
// The other rules still apply.
// DISABLED-LABEL: func @gelu_layer_norm
// DISABLED:         umc.fusion "activation_norm"
func.func @gelu_layer_norm(%x: tensor<8x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %a = umc.gelu %x : tensor<8x64xf32>
  %n = umc.layer_norm %a scale %g bias %b : (tensor<8x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  return %n : tensor<8x64xf32>
}

// -----

// U-Net block: GroupNorm then SiLU.
// CHECK-LABEL: func @group_norm_silu
// CHECK:         umc.fusion "norm_activation" : tensor<2x8x4x4xf32> {
// CHECK-NEXT:      umc.group_norm
// CHECK-NEXT:      umc.silu
// CHECK-NEXT:      umc.yield
func.func @group_norm_silu(%x: tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32> {
  %n = umc.group_norm %x groups = 4 : (tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32>
  %s = umc.silu %n : tensor<2x8x4x4xf32>
  return %s : tensor<2x8x4x4xf32>
}

// -----

// Gated RMSNorm: rms_norm(x) * silu(z). The norm and its activation fuse;
// the gate joins the chain; silu(z) is a second producer of the mul, whose
// fusion the mul cannot join as well.
// CHECK-LABEL: func @rms_norm_silu_gate
// CHECK:         %[[Z:.*]] = umc.silu %arg1
// CHECK:         umc.fusion "norm_activation+elementwise" : tensor<4x32xf32> {
// CHECK-NEXT:      umc.rms_norm %arg0
// CHECK-NEXT:      umc.silu
// CHECK-NEXT:      umc.mul {{.*}}, %[[Z]]
// CHECK-NEXT:      umc.yield
func.func @rms_norm_silu_gate(%x: tensor<4x32xf32>, %z: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %n = umc.rms_norm %x : (tensor<4x32xf32>) -> tensor<4x32xf32>
  %a = umc.silu %n : tensor<4x32xf32>
  // expected-remark @below {{not fused: umc.mul is already fused with umc.rms_norm}}
  %gz = umc.silu %z : tensor<4x32xf32>
  %y = umc.mul %a, %gz : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}

// -----

// The residual sum has a second user (the next residual): the fusion
// yields it as well as its normalization.
// CHECK-LABEL: func @residual_add_layer_norm
// CHECK:         %[[F:.*]]:2 = umc.fusion "residual_norm" : tensor<8x64xf32>, tensor<8x64xf32> {
// CHECK-NEXT:      %[[H:.*]] = umc.add %arg0, %arg1
// CHECK-NEXT:      %[[N:.*]] = umc.layer_norm %[[H]]
// CHECK-NEXT:      umc.yield %[[H]], %[[N]]
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[R:.*]] = umc.fusion "gemm_epilogue" : tensor<8x64xf32> {
// CHECK-NEXT:      %[[P:.*]] = umc.linear %[[F]]#1
// CHECK-NEXT:      umc.add %[[F]]#0, %[[P]]
func.func @residual_add_layer_norm(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>, %w: tensor<64x64xf32>) -> tensor<8x64xf32> {
  // expected-remark @below {{not fused: umc.add result has 2 users}}
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  // expected-remark @below {{not fused: umc.linear would recompute the reduction of umc.layer_norm for every output tile}}
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  %p = umc.linear %n, %w : (tensor<8x64xf32>, tensor<64x64xf32>) -> tensor<8x64xf32>
  %r = umc.add %h, %p : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %r : tensor<8x64xf32>
}

// -----

// Bias, activation and residual as the GEMM's epilogue.
// CHECK-LABEL: func @gemm_epilogue
// CHECK:         umc.fusion "gemm_epilogue" : tensor<4x32xf32> {
// CHECK-NEXT:      umc.linear %arg0, %arg1, %arg2
// CHECK-NEXT:      umc.gelu
// CHECK-NEXT:      umc.add {{.*}}, %arg3
// CHECK-NEXT:      umc.yield
// Without gemm_epilogue the linear is a kernel of its own; the GELU and
// the add still fuse as an elementwise chain.
// DISABLED-LABEL: func @gemm_epilogue
// DISABLED:         %[[Y:.*]] = umc.linear %arg0, %arg1, %arg2
// DISABLED-NEXT:    umc.fusion "elementwise" : tensor<4x32xf32> {
// DISABLED-NEXT:      umc.gelu %[[Y]]
// DISABLED-NEXT:      umc.add
func.func @gemm_epilogue(%x: tensor<4x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>, %res: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %y = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %a = umc.gelu %y : tensor<4x32xf32>
  %r = umc.add %a, %res : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

// Post-norm: the residual add is the GEMM's epilogue, the norm after it
// runs as its own kernel (it would keep the GEMM from splitting columns).
// CHECK-LABEL: func @post_norm
// CHECK:         %[[F:.*]] = umc.fusion "gemm_epilogue" : tensor<4x32xf32> {
// CHECK-NEXT:      umc.linear
// CHECK-NEXT:      umc.add
// CHECK-NEXT:      umc.yield
// CHECK:         umc.layer_norm %[[F]]
func.func @post_norm(%x: tensor<4x16xf32>, %w: tensor<32x16xf32>, %res: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %y = umc.linear %x, %w : (tensor<4x16xf32>, tensor<32x16xf32>) -> tensor<4x32xf32>
  // expected-remark @below {{not fused: umc.layer_norm needs whole rows: in the kernel of a GEMM it would keep the GEMM's columns from being split over workgroups, and every row slice would pack the whole weight}}
  %r = umc.add %y, %res : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %n = umc.layer_norm %r : (tensor<4x32xf32>) -> tensor<4x32xf32>
  return %n : tensor<4x32xf32>
}

// -----

// CHECK-LABEL: func @elementwise_chain
// CHECK:         umc.fusion "elementwise" : tensor<3x5xf32> {
// CHECK-NEXT:      umc.softmax
// CHECK-NEXT:      umc.exp
// CHECK-NEXT:      umc.mul
// CHECK-NEXT:      umc.sub
// CHECK-NEXT:      umc.yield
func.func @elementwise_chain(%x: tensor<3x5xf32>, %s: tensor<5xf32>) -> tensor<3x5xf32> {
  %p = umc.softmax %x : tensor<3x5xf32>
  %e = umc.exp %p : tensor<3x5xf32>
  %m = umc.mul %e, %s : (tensor<3x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %d = umc.sub %m, %m : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %d : tensor<3x5xf32>
}

// -----

// The GELU result is also returned: it must be written anyway, so the norm
// is not fused into its consumer.
// CHECK-LABEL: func @several_users
// CHECK-NOT:     umc.fusion
func.func @several_users(%x: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  // expected-remark @below {{not fused: umc.gelu result has 2 users}}
  %a = umc.gelu %x : tensor<8x64xf32>
  %n = umc.layer_norm %a : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %a, %n : tensor<8x64xf32>, tensor<8x64xf32>
}

// -----

// CHECK-LABEL: func @broadcast
// CHECK-NOT:     umc.fusion
func.func @broadcast(%x: tensor<64xf32>, %y: tensor<8x64xf32>) -> tensor<8x64xf32> {
  // expected-remark @below {{not fused: umc.add broadcasts the result of umc.gelu, which would be recomputed for each copy}}
  %a = umc.gelu %x : tensor<64xf32>
  %s = umc.add %y, %a : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  return %s : tensor<8x64xf32>
}

// -----

// Softmax feeding a matmul (attention probabilities times values) would be
// recomputed for every output tile.
// CHECK-LABEL: func @reduction_into_contraction
// CHECK-NOT:     umc.fusion
func.func @reduction_into_contraction(%s: tensor<8x8xf32>, %v: tensor<8x16xf32>) -> tensor<8x16xf32> {
  // expected-remark @below {{not fused: umc.matmul would recompute the reduction of umc.softmax for every output tile}}
  %p = umc.softmax %s : tensor<8x8xf32>
  %o = umc.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// The sum's other user comes before the norm: a fusion placed at the norm
// would not dominate it.
// CHECK-LABEL: func @user_before_consumer
// CHECK-NOT:     umc.fusion
func.func @user_before_consumer(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  // expected-remark @below {{not fused: umc.add result has 2 users}}
  // expected-remark @below {{not fused: a user of umc.add (umc.exp) comes before umc.layer_norm}}
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %e = umc.exp %h : tensor<8x64xf32>
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %e, %n : tensor<8x64xf32>, tensor<8x64xf32>
}

// -----

// A multi-result producer: the compare reads only the router's ids, but the
// gates are read before it, so a fusion placed at the compare would not
// dominate that read.
// CHECK-LABEL: func @other_result_used_before_consumer
// CHECK-NOT:     umc.fusion
func.func @other_result_used_before_consumer(%l: tensor<7x4xf32>) -> (tensor<14xf32>, tensor<7x2xi8>) {
  // expected-remark @below {{not fused: a user of umc.router (umc.reshape) comes before umc.compare}}
  %ids, %gates, %dropped, %balance = umc.router %l top_k = 2 : (tensor<7x4xf32>) -> (tensor<7x2xi32>, tensor<7x2xf32>, tensor<i32>, tensor<f32>)
  %flat = umc.reshape %gates : tensor<7x2xf32> -> tensor<14xf32>
  %zero = arith.constant dense<0> : tensor<i32>
  %kept = umc.compare ge %ids, %zero : (tensor<7x2xi32>, tensor<i32>) -> tensor<7x2xi8>
  return %flat, %kept : tensor<14xf32>, tensor<7x2xi8>
}

// -----

// The sum's other user sits inside a region (here an earlier fusion): its
// place in the block is the region's op, which comes before the norm.
// CHECK-LABEL: func @user_in_region
// CHECK-COUNT-1: umc.fusion
// CHECK:         umc.layer_norm
func.func @user_in_region(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  // expected-remark @below {{not fused: a user of umc.add (umc.exp) comes before umc.layer_norm}}
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %t = umc.fusion "elementwise" : tensor<8x64xf32> {
    %e = umc.exp %h : tensor<8x64xf32>
    %u = umc.tanh %e : tensor<8x64xf32>
    umc.yield %u : tensor<8x64xf32>
  }
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %t, %n : tensor<8x64xf32>, tensor<8x64xf32>
}

// -----

// A value read twice by one consumer is one candidate: one remark.
// CHECK-LABEL: func @read_twice
// CHECK-NOT:     umc.fusion
func.func @read_twice(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  // expected-remark @below {{not fused: umc.gelu result has 2 users}}
  %a = umc.gelu %x : tensor<8xf32>
  %m = umc.mul %a, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %a, %m : tensor<8xf32>, tensor<8xf32>
}

// -----

// A chain nothing reads forms no kernel.
// CHECK-LABEL: func @dead_chain
// CHECK-NOT:     umc.fusion
func.func @dead_chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = umc.exp %x : tensor<8xf32>
  %t = umc.tanh %e : tensor<8xf32>
  return %x : tensor<8xf32>
}
