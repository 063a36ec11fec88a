// The codegen passes on fused kernels, from umc-fuse to workgroups: one
// scf.forall per kernel, its root tiled along the outer dims every op allows
// (a norm keeps its rows whole), producers fused into the loop, and an
// intermediate the kernel returns yielded by the same loop, once.
// RUN: umc-opt %s -split-input-file --umc-fuse --umc-outline-kernels --umc-to-linalg --canonicalize --umc-select-workgroup-tiles='target-workgroups=4 min-workgroup-iterations=16' --umc-tile-workgroups | FileCheck %s

// CHECK-LABEL: func.func private @residual_k0_fused_residual_norm
// CHECK:         %[[R:.*]]:2 = scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 6) step (1, 3) shared_outs(%[[NORM_OUT:.*]] = %{{.*}}, %[[SUM_OUT:.*]] = %{{.*}}) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>) {
// CHECK:           %[[SUM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x64xf32>, tensor<1x3x64xf32>)
// CHECK:           %[[NORM:.*]] = linalg.generic {{.*}} ins(%[[SUM]], %{{.*}}, %{{.*}} : tensor<1x3x64xf32>, tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[NORM]] into %[[NORM_OUT]][%{{.*}}, %{{.*}}, 0] [1, 3, 64] [1, 1, 1]
// CHECK-NEXT:        tensor.parallel_insert_slice %[[SUM]] into %[[SUM_OUT]][%{{.*}}, %{{.*}}, 0] [1, 3, 64] [1, 1, 1]
// CHECK-NOT:     scf.forall
// The kernel returns (sum, norm), in the function's order.
// CHECK:         return %[[R]]#1, %[[R]]#0
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

// -----

// Around a linear, workgroups split the output columns as well as the rows
// (column slices of at least 128, row slices of at least 128: the 64 rows
// stay whole), so that each reuses a slice of the weight over its rows; the
// GELU epilogue is computed on the same tile.
// CHECK-LABEL: func.func private @linear_gelu_k0_fused_gemm_epilogue
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 256) step (64, 128) shared_outs
// CHECK:           linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:        outs(%{{.*}} : tensor<64x128xf32>)
// CHECK:           linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK:           math.erf
func.func @linear_gelu(%x: tensor<64x32xf32>, %w: tensor<256x32xf32>) -> tensor<64x256xf32> {
  %y = umc.linear %x, %w : (tensor<64x32xf32>, tensor<256x32xf32>) -> tensor<64x256xf32>
  %g = umc.gelu %y : tensor<64x256xf32>
  return %g : tensor<64x256xf32>
}
