// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(umc-recompute{min-distance=3}))' | FileCheck %s

// The backward of a GELU MLP reads %h (the weight gradient of the second
// projection) and %u (gelu_grad) long after the forward: %u is alive
// there anyway, so %h is computed again right before its late use.
// CHECK-LABEL: func @gelu_again_for_the_backward
// CHECK:         %[[U:.*]] = umc.linear %arg0, %arg1
// CHECK-NEXT:    %[[H:.*]] = umc.gelu %[[U]]
// CHECK-NEXT:    %[[Y:.*]] = umc.linear %[[H]], %arg2
// CHECK:         %[[AGAIN:.*]] = umc.gelu %[[U]]
// CHECK-NEXT:    %[[DW:.*]] = umc.matmul %{{.*}}, %[[AGAIN]]
// CHECK-NEXT:    %[[DU:.*]] = umc.gelu_grad %[[U]]
func.func @gelu_again_for_the_backward(%x: tensor<6x4xf32>, %w1: tensor<8x4xf32>, %w2: tensor<4x8xf32>, %dy: tensor<4x6xf32>, %dh: tensor<6x8xf32>) -> (tensor<6x4xf32>, tensor<4x8xf32>, tensor<6x8xf32>) {
  %u = umc.linear %x, %w1 : (tensor<6x4xf32>, tensor<8x4xf32>) -> tensor<6x8xf32>
  %h = umc.gelu %u : tensor<6x8xf32>
  %y = umc.linear %h, %w2 : (tensor<6x8xf32>, tensor<4x8xf32>) -> tensor<6x4xf32>
  %e1 = umc.exp %y : tensor<6x4xf32>
  %e2 = umc.exp %e1 : tensor<6x4xf32>
  %e3 = umc.exp %e2 : tensor<6x4xf32>
  %dw = umc.matmul %dy, %h : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %du = umc.gelu_grad %u, %dh : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  return %e3, %dw, %du : tensor<6x4xf32>, tensor<4x8xf32>, tensor<6x8xf32>
}

// -----

// %u dies at the gelu: computing %h again later would keep %u alive
// instead, the same size. Nothing changes.
// CHECK-LABEL: func @operand_dead_at_the_late_use
// CHECK-COUNT-1: umc.gelu
// CHECK-NOT:     umc.gelu
func.func @operand_dead_at_the_late_use(%x: tensor<6x4xf32>, %w1: tensor<8x4xf32>, %w2: tensor<4x8xf32>, %dy: tensor<4x6xf32>) -> (tensor<6x4xf32>, tensor<4x8xf32>) {
  %u = umc.linear %x, %w1 : (tensor<6x4xf32>, tensor<8x4xf32>) -> tensor<6x8xf32>
  %h = umc.gelu %u : tensor<6x8xf32>
  %y = umc.linear %h, %w2 : (tensor<6x8xf32>, tensor<4x8xf32>) -> tensor<6x4xf32>
  %e1 = umc.exp %y : tensor<6x4xf32>
  %e2 = umc.exp %e1 : tensor<6x4xf32>
  %e3 = umc.exp %e2 : tensor<6x4xf32>
  %dw = umc.matmul %dy, %h : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %e3, %dw : tensor<6x4xf32>, tensor<4x8xf32>
}

// -----

// Uses closer than min-distance stay on one value.
// CHECK-LABEL: func @uses_close_together
// CHECK-COUNT-1: umc.gelu
// CHECK-NOT:     umc.gelu
func.func @uses_close_together(%u: tensor<6x8xf32>, %w2: tensor<4x8xf32>, %dy: tensor<4x6xf32>) -> (tensor<6x4xf32>, tensor<4x8xf32>, tensor<6x8xf32>) {
  %h = umc.gelu %u : tensor<6x8xf32>
  %y = umc.linear %h, %w2 : (tensor<6x8xf32>, tensor<4x8xf32>) -> tensor<6x4xf32>
  %e1 = umc.exp %y : tensor<6x4xf32>
  %dw = umc.matmul %dy, %h : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %s = umc.sin %u : tensor<6x8xf32>
  return %e1, %dw, %s : tensor<6x4xf32>, tensor<4x8xf32>, tensor<6x8xf32>
}

// -----

// A chain: %g = silu(%a) * %b with %a and %b arguments (alive throughout).
// Both the silu and the product are computed again, the silu first, right
// before the one late op that reads them both; the forward's copies die at
// the forward's last use.
// CHECK-LABEL: func @chain_of_elementwise_ops
// CHECK:         %[[S:.*]] = umc.silu %arg0
// CHECK-NEXT:    %[[G:.*]] = umc.mul %[[S]], %arg1
// CHECK-NEXT:    %[[Y:.*]] = umc.linear %[[G]], %arg2
// CHECK:         %[[S2:.*]] = umc.silu %arg0
// CHECK-NEXT:    %[[G2:.*]] = umc.mul %[[S2]], %arg1
// CHECK-NEXT:    umc.add %[[G2]], %[[S2]]
func.func @chain_of_elementwise_ops(%a: tensor<6x8xf32>, %b: tensor<6x8xf32>, %w: tensor<4x8xf32>) -> (tensor<6x4xf32>, tensor<6x8xf32>) {
  %s = umc.silu %a : tensor<6x8xf32>
  %g = umc.mul %s, %b : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  %y = umc.linear %g, %w : (tensor<6x8xf32>, tensor<4x8xf32>) -> tensor<6x4xf32>
  %e1 = umc.exp %y : tensor<6x4xf32>
  %e2 = umc.exp %e1 : tensor<6x4xf32>
  %e3 = umc.exp %e2 : tensor<6x4xf32>
  %late = umc.add %g, %s : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  return %e3, %late : tensor<6x4xf32>, tensor<6x8xf32>
}
