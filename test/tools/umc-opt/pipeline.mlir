// The mlir-opt flags work on umc passes: a textual pipeline, and the IR
// printed after each pass.
// RUN: umc-opt %s --pass-pipeline='builtin.module(func.func(umc-decompose,canonicalize))' | FileCheck %s
// RUN: umc-opt %s --umc-decompose --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=PRINT

// CHECK-LABEL: func.func @block
// CHECK: umc.slice
// CHECK-NOT: umc.split
// PRINT: // -----// IR Dump After UmcDecompose (umc-decompose)
// PRINT: umc.slice
func.func @block(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %0:2 = umc.split %x axis = 1 : tensor<4x16xf32> -> tensor<4x8xf32>, tensor<4x8xf32>
  %1 = umc.gelu %0#1 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
