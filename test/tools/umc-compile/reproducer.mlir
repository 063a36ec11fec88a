// A pass that fails on input that parses and verifies (an arith op where the
// frontend wants only umc ops) writes <output>.reproducer.mlir, prints the
// umc-opt command that replays it, exits non-zero and writes no artifact.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: not umc-compile %s -o %t/model.umcb 2>&1 | FileCheck %s
// RUN: test ! -e %t/model.umcb
// RUN: test -f %t/model.umcb.reproducer.mlir

// CHECK: reproducer.mlir:[[# @LINE + 8]]:8: error: 'arith.addf' cannot run in an entry point: only umc ops, scf control flow, scalar arith, tensor.extract/from_elements/splat, ml_program state, reshapes and constants are allowed there
// CHECK: reproducer generated at `{{.*}}model.umcb.reproducer.mlir`
// CHECK: umc-compile: the frontend pipeline failed. A reproducer is in {{.*}}model.umcb.reproducer.mlir; replay it with:
// CHECK-NEXT: {{^}}  umc-opt --run-reproducer {{.*}}model.umcb.reproducer.mlir{{$}}
// CHECK-NOT: error

func.func @entry(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32>
  %1 = arith.addf %0, %x : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// The command it prints replays the failure, from the pipeline recorded in
// the file.
// RUN: not umc-opt --run-reproducer %t/model.umcb.reproducer.mlir 2>&1 | FileCheck %s --check-prefix=REPLAY
// REPLAY: model.umcb.reproducer.mlir:{{[0-9]+}}:{{[0-9]+}}: error: 'arith.addf' cannot run in an entry point
// RUN: FileCheck %s --check-prefix=FILE --input-file=%t/model.umcb.reproducer.mlir
// FILE: arith.addf
// FILE: mlir_reproducer:
// FILE: pipeline: "builtin.module({{.*}}umc-outline-kernels{{.*}})"
