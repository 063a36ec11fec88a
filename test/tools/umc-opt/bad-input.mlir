// Malformed and ill-typed input: a diagnostic with file:line:col and a
// non-zero exit, never a crash. `not` fails the test if umc-opt exits 0 or
// crashes (`not` treats a signal as failure too).
// RUN: not umc-opt %s --split-input-file 2>&1 | FileCheck %s

// CHECK: bad-input.mlir:[[# @LINE + 2]]:39: error: custom op 'umc.attention' unknown mask kind 'causl'; expected causal, full, omni, sliding_window or block_sparse
func.func @typo_in_mask(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  %0 = umc.attention %q, %q, %q mask <causl> : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
  return %0 : tensor<1x1x4x8xf32>
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:8: error: custom op 'umc.lienar' is unknown
func.func @unknown_op(%x: tensor<4xf32>) {
  %0 = umc.lienar %x : tensor<4xf32>
  return
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:8: error: 'umc.linear' op weight must have shape [N, 8]
func.func @ill_typed(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x8xf32> {
  %0 = umc.linear %x, %w : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:38: error: expected ':'
func.func @truncated(%x: tensor<4xf32>) {
  %0 = umc.gelu %x approximate = tanh
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:16: error: use of undeclared SSA value name
func.func @undefined_value() {
  %0 = umc.exp %nope : tensor<4xf32>
  return
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:30: error: expected ']'
func.func @unterminated_permutation(%x: tensor<2x3xf32>) {
  %0 = umc.transpose %x [1, 0 : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}
