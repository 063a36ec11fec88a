// Input that parses but does not verify: the verifier's message at
// file:line:col, a non-zero exit, and no artifact left behind.
// RUN: rm -f %t.umcb
// RUN: not umc-compile %s -o %t.umcb 2>&1 | FileCheck %s
// RUN: test ! -e %t.umcb

// CHECK: {{^}}{{.*}}ill-typed.mlir:[[# @LINE + 3]]:8: error: 'umc.linear' op weight must have shape [N, 8] ([out, in], in = the last input dim), got [8, 4]
// CHECK-NOT: umc-compile:
func.func @ill_typed(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x8xf32> {
  %0 = umc.linear %x, %w : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
