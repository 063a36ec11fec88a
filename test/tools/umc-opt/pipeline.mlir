// The mlir-opt flags work on umc passes: a textual pipeline, and the IR
// printed after each pass.
// RUN: umc-opt %s --pass-pipeline='builtin.module(func.func(umc-decompose,canonicalize))' | FileCheck %s
// RUN: umc-opt %s --umc-decompose --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=PRINT

// CHECK-LABEL: func.func @block
// CHECK: umc.matmul
// CHECK-NOT: umc.linear
// PRINT: // -----// IR Dump After UmcDecompose (umc-decompose)
// PRINT: umc.matmul
func.func @block(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = umc.gelu %0 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
