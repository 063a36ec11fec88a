// Malformed input: a diagnostic with file:line:col, a non-zero exit, never a
// crash, and no artifact left behind.
// RUN: rm -f %t.umcb
// RUN: not umc-compile %s -o %t.umcb 2>&1 | FileCheck %s
// RUN: test ! -e %t.umcb

// CHECK: {{^}}{{.*}}bad-input.mlir:[[# @LINE + 4]]:38: error: expected ':'
// CHECK-NOT: error
// CHECK-NOT: umc-compile:
func.func @truncated(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.gelu %x approximate = tanh
  return %0 : tensor<4xf32>
}
