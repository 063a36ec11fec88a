// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(umc-slice-update-in-place))' | FileCheck %s

// A kernel that appends to a state in place (umc.in_place_operand = 0)
// whose result is a tensor.insert_slice into that state: the state becomes
// writable, so that bufferization writes the slice into it instead of
// copying it whole into a new buffer first.
// CHECK-LABEL: func.func private @append
// CHECK-SAME:    (%{{.*}}: tensor<2x8xf32> {bufferization.writable = true}, %{{.*}}: tensor<2x1xf32> {bufferization.writable = false}
func.func private @append(%cache: tensor<2x8xf32> {bufferization.writable = false}, %row: tensor<2x1xf32> {bufferization.writable = false}, %pos: index) -> tensor<2x8xf32> attributes {umc.kernel = 0 : i64, umc.in_place_operand = 0 : i64} {
  %r = tensor.insert_slice %row into %cache[0, %pos] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// Not in place: the state's buffer is not the output's, so it stays
// read-only.
// CHECK-LABEL: func.func private @copy_append
// CHECK-SAME:    (%{{.*}}: tensor<2x8xf32> {bufferization.writable = false}
func.func private @copy_append(%cache: tensor<2x8xf32> {bufferization.writable = false}, %row: tensor<2x1xf32>, %pos: index) -> tensor<2x8xf32> attributes {umc.kernel = 0 : i64} {
  %r = tensor.insert_slice %row into %cache[0, %pos] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// The state is also read elsewhere in the kernel: a writable state could be
// written before that read, so it stays read-only.
// CHECK-LABEL: func.func private @append_and_read
// CHECK-SAME:    (%{{.*}}: tensor<2x8xf32> {bufferization.writable = false}
func.func private @append_and_read(%cache: tensor<2x8xf32> {bufferization.writable = false}, %pos: index) -> tensor<2x8xf32> attributes {umc.kernel = 0 : i64, umc.in_place_operand = 0 : i64} {
  %row = tensor.extract_slice %cache[0, 0] [2, 1] [1, 1] : tensor<2x8xf32> to tensor<2x1xf32>
  %r = tensor.insert_slice %row into %cache[0, %pos] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}
