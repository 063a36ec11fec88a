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

// -----

// A state updated in place: the output is bound to %s at run time, so the
// mul must not be written into it before the add reads %s.
// CHECK-LABEL: func.func private @state_update_k0
// CHECK:         %[[M:.*]] = linalg.generic {{.*}} ins(%arg1, %arg1 :
// CHECK:         linalg.generic {{.*}} ins(%arg0, %[[M]] : {{.*}}) outs(%{{.*}} :
// CHECK-NOT:       outs(%[[M]]
func.func private @state_update_k0(%s: tensor<64xf32>, %x: tensor<64xf32>) -> tensor<64xf32> attributes {umc.kernel = 0 : i64, umc.in_place_operand = 0 : i64} {
  %m = umc.mul %x, %x : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  %n = umc.add %s, %m : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return %n : tensor<64xf32>
}
