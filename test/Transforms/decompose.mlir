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
