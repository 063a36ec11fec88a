// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(umc-to-linalg, canonicalize, cse, func.func(umc-select-workgroup-tiles, umc-tile-workgroups), canonicalize, cse, func.func(umc-elementwise-in-place))' | FileCheck %s

// A linear's bias + GELU epilogue: the GELU writes over the GEMM's tile, and
// the chain starts from the output's slice, so nothing needs a buffer of
// its own.
// CHECK-LABEL: func.func private @bias_gelu_k0
// CHECK:         scf.forall {{.*}} shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:           %[[SLICE:.*]] = tensor.extract_slice %[[OUT]]
// CHECK:           %[[BIAS:.*]] = linalg.generic {{.*}} outs(%[[SLICE]] :
// CHECK:           %[[GEMM:.*]] = linalg.generic {{.*}} outs(%[[BIAS]] :
// CHECK:           %[[GELU:.*]] = linalg.generic {{.*}} ins(%[[GEMM]] : {{.*}}) outs(%[[GEMM]] :
// CHECK:           tensor.parallel_insert_slice %[[GELU]] into %[[OUT]]
func.func private @bias_gelu_k0(%x: tensor<1x256x64xf32>, %w: tensor<256x64xf32>, %b: tensor<256xf32>) -> tensor<1x256x256xf32> attributes {umc.kernel = 0 : i64} {
  %up = umc.linear %x, %w, %b : (tensor<1x256x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<1x256x256xf32>
  %act = umc.gelu %up : tensor<1x256x256xf32>
  return %act : tensor<1x256x256xf32>
}

// -----

// An input read by two ops, or one the kernel did not compute (an
// argument), is not overwritten.
// CHECK-LABEL: func.func private @not_overwritten_k0
// CHECK:         %[[E:.*]] = linalg.generic
// CHECK:         linalg.generic {{.*}} ins(%[[E]], %[[E]] : {{.*}}) outs(%{{.*}} :
// CHECK-NOT:       outs(%[[E]]
func.func private @not_overwritten_k0(%x: tensor<64xf32>) -> tensor<64xf32> attributes {umc.kernel = 0 : i64} {
  %e = umc.exp %x : tensor<64xf32>
  %m = umc.mul %e, %e : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return %m : tensor<64xf32>
}
