// The codegen passes on fused kernels, from umc-fuse to workgroups: one
// scf.forall per kernel, its root tiled along the outer dims every op allows
// (a norm keeps its rows whole), producers fused into the loop, and an
// intermediate the kernel returns yielded by the same loop, once.
// RUN: umc-opt %s -split-input-file --umc-fuse --umc-outline-kernels --umc-to-linalg --canonicalize --umc-tile-workgroups='target-workgroups=4 min-workgroup-elements=16' | FileCheck %s

// CHECK-LABEL: func.func private @residual_k0_fused_residual_norm
// CHECK-COUNT-1: scf.forall
// CHECK-SAME:      (%{{.*}}, %{{.*}}) = (0, 0) to (2, 6) step (1, 3) shared_outs(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>) {
// CHECK-NOT:     scf.forall
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, %{{.*}}, 0] [1, 3, 64] [1, 1, 1]
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, %{{.*}}, 0] [1, 3, 64] [1, 1, 1]
// CHECK:         return %[[R:.*]]#{{[01]}}, %[[R]]#{{[01]}}
func.func @residual(%x: tensor<2x6x64xf32>, %d: tensor<2x6x64xf32>) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>) {
  %h = umc.add %x, %d : (tensor<2x6x64xf32>, tensor<2x6x64xf32>) -> tensor<2x6x64xf32>
  %n = umc.layer_norm %h : (tensor<2x6x64xf32>) -> tensor<2x6x64xf32>
  return %h, %n : tensor<2x6x64xf32>, tensor<2x6x64xf32>
}

// -----

// The GELU root allows every dim, the norm only the rows: rows it is, and
// the row reductions run inside the loop.
// CHECK-LABEL: func.func private @norm_gelu_k0_fused_norm_activation
// CHECK:         scf.forall (%{{.*}}) = (0) to (8) step (2) shared_outs
// CHECK:           linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [2, 256] [1, 1]
func.func @norm_gelu(%x: tensor<8x256xf32>) -> tensor<8x256xf32> {
  %n = umc.layer_norm %x : (tensor<8x256xf32>) -> tensor<8x256xf32>
  %g = umc.gelu %n : tensor<8x256xf32>
  return %g : tensor<8x256xf32>
}
