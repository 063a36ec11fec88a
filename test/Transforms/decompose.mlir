// RUN: umc-opt %s --split-input-file --umc-decompose | FileCheck %s

// CHECK-LABEL: func.func @linear_with_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x16xf32>, %[[W:.*]]: tensor<32x16xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK: %[[WT:.*]] = umc.transpose %[[W]] [1, 0] : tensor<32x16xf32> -> tensor<16x32xf32>
// CHECK: %[[XW:.*]] = umc.matmul %[[X]], %[[WT]] : (tensor<2x8x16xf32>, tensor<16x32xf32>) -> tensor<2x8x32xf32>
// CHECK: %[[Y:.*]] = umc.add %[[XW]], %[[B]] : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
// CHECK-NOT: umc.linear
// CHECK: return %[[Y]]
func.func @linear_with_bias(%x: tensor<2x8x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>) -> tensor<2x8x32xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<2x8x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  return %0 : tensor<2x8x32xf32>
}

// -----

// A linear without bias is already primitive.
// CHECK-LABEL: func.func @linear_without_bias
// CHECK: umc.linear %{{.*}}, %{{.*}} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NOT: umc.matmul
func.func @linear_without_bias(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %0 = umc.linear %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Each linear is rewritten, also when one feeds the other; bf16 stays bf16.
// CHECK-LABEL: func.func @mlp
// CHECK-COUNT-2: umc.matmul
// CHECK-NOT: umc.linear
// CHECK: umc.gelu
// CHECK-NOT: umc.linear
func.func @mlp(%x: tensor<4x16xbf16>, %w1: tensor<64x16xbf16>, %b1: tensor<64xbf16>,
               %w2: tensor<16x64xbf16>, %b2: tensor<16xbf16>) -> tensor<4x16xbf16> {
  %0 = umc.linear %x, %w1, %b1 : (tensor<4x16xbf16>, tensor<64x16xbf16>, tensor<64xbf16>) -> tensor<4x64xbf16>
  %1 = umc.linear %0, %w2, %b2 : (tensor<4x64xbf16>, tensor<16x64xbf16>, tensor<16xbf16>) -> tensor<4x16xbf16>
  %2 = umc.gelu %1 : tensor<4x16xbf16>
  return %2 : tensor<4x16xbf16>
}

// -----

// Ops of other dialects pass through untouched.
// CHECK-LABEL: func.func @other_dialects
// CHECK: arith.addf
func.func @other_dialects(%a: f32) -> f32 {
  %0 = arith.addf %a, %a : f32
  return %0 : f32
}
