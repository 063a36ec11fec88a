// The folders of the umc ops, through the canonicalizer.
// RUN: umc-opt %s --split-input-file --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x4xf32>)
// CHECK-NEXT: %[[R:.*]] = umc.reshape %[[X]] : tensor<2x8x4xf32> -> tensor<64xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x8x4xf32>) -> tensor<64xf32> {
  %0 = umc.reshape %x : tensor<2x8x4xf32> -> tensor<16x4xf32>
  %1 = umc.reshape %0 : tensor<16x4xf32> -> tensor<64xf32>
  return %1 : tensor<64xf32>
}

// -----

// A reshape that undoes another disappears entirely.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NOT: umc.reshape
// CHECK: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  %1 = umc.reshape %0 : tensor<16xf32> -> tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// The intermediate reshape keeps its other user.
// CHECK-LABEL: func.func @reshape_shared
// CHECK: %[[A:.*]] = umc.reshape %{{.*}} : tensor<2x8xf32> -> tensor<16xf32>
// CHECK: %[[B:.*]] = umc.reshape %{{.*}} : tensor<2x8xf32> -> tensor<4x4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @reshape_shared(%x: tensor<2x8xf32>) -> (tensor<16xf32>, tensor<4x4xf32>) {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  %1 = umc.reshape %0 : tensor<16xf32> -> tensor<4x4xf32>
  return %0, %1 : tensor<16xf32>, tensor<4x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_of_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = umc.transpose %[[X]] [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  // The first takes x dims (2, 0, 1); the second takes dims (2, 0, 1) of
  // that, which are x dims (1, 2, 0).
  %0 = umc.transpose %x [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = umc.transpose %0 [2, 0, 1] : tensor<4x2x3xf32> -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: umc.transpose
// CHECK: return %[[X]]
func.func @transpose_inverse(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = umc.transpose %x [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = umc.transpose %0 [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @identity_ops
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: umc.
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identity_ops(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = umc.transpose %x [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = umc.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = umc.concat %x axis = 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = umc.slice %x offsets = [0, 0] sizes = [2, 3] strides = [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Slices that read less than everything stay.
// CHECK-LABEL: func.func @partial_slice
// CHECK: umc.slice %{{.*}} offsets = [0, 1] sizes = [2, 2]
func.func @partial_slice(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = umc.slice %x offsets = [0, 1] sizes = [2, 2] : tensor<2x3xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Unused pure ops are erased.
// CHECK-LABEL: func.func @dead_ops
// CHECK-NOT: umc.
func.func @dead_ops(%x: tensor<2x8xf32>) {
  %0 = umc.gelu %x : tensor<2x8xf32>
  %1 = umc.softmax %0 : tensor<2x8xf32>
  return
}
