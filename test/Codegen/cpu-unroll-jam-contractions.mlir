// RUN: umc-opt %s -split-input-file --umc-cpu-unroll-jam-contractions | FileCheck %s
// RUN: umc-opt %s -split-input-file --umc-cpu-unroll-jam-contractions='rows=1 factor=2' | FileCheck %s --check-prefix=SMALL
// RUN: not umc-opt %s -split-input-file --umc-cpu-unroll-jam-contractions='factor=0' 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: umc-cpu-unroll-jam-contractions: factor must be at least 1, got 0

#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#o = affine_map<(m, n, k) -> (m, n)>

// A linear's dot products, 8 rows x 12 outputs: blocks of 4 rows x 4
// outputs share one pass over k, with 16 loop-carried accumulators.
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: memref<8x16xf32>, %[[W:.*]]: memref<12x16xf32>, %[[O:.*]]: memref<8x12xf32>)
// CHECK:         scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step %[[C4:.*]] {
// CHECK:           scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-COUNT-16:    memref.load %[[O]]
// CHECK:             %[[ACC:.*]]:16 = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK-COUNT-16:      arith.addf {{.*}} fastmath<reassoc,contract>
// CHECK:               scf.yield
// CHECK-COUNT-16:    memref.store %[[ACC]]#{{[0-9]+}}, %[[O]]
// CHECK-NOT:     linalg.generic
// SMALL-LABEL: func.func @linear
// SMALL:         %[[ACC:.*]]:2 = scf.for
func.func @linear(%x: memref<8x16xf32>, %w: memref<12x16xf32>, %o: memref<8x12xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<8x16xf32>, memref<12x16xf32>) outs(%o : memref<8x12xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b fastmath<contract> : f32
    %s = arith.addf %c, %p fastmath<reassoc,contract> : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#o = affine_map<(m, n, k) -> (m, n)>

// 3 rows and 6 outputs: the blocks shrink to 1 row x 2 outputs, which
// divide them.
// CHECK-LABEL: func.func @odd_sizes
// CHECK:         %{{.*}}:2 = scf.for
func.func @odd_sizes(%x: memref<3x5xf32>, %w: memref<6x5xf32>, %o: memref<3x6xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<3x5xf32>, memref<6x5xf32>) outs(%o : memref<3x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#o = affine_map<(m, k, n) -> (m, n)>

// A matmul with n innermost is not a dot product: left as it is.
// CHECK-LABEL: func.func @matmul_axpy_form
// CHECK:         linalg.generic
// CHECK-NOT:     scf.for
func.func @matmul_axpy_form(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %o: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #o], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%o : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %c: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#o = affine_map<(m, n, k) -> (m, n)>

// On tensors (before bufferization) nothing happens.
// CHECK-LABEL: func.func @tensors
// CHECK:         linalg.generic
func.func @tensors(%x: tensor<4x8xf32>, %w: tensor<4x8xf32>, %o: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
