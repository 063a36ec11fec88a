// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(umc-select-workgroup-tiles, umc-tile-workgroups))' --verify-diagnostics | FileCheck %s --check-prefixes=CHECK,DEFAULT
// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(umc-select-workgroup-tiles{target-workgroups=4 min-workgroup-iterations=16}, umc-tile-workgroups))' --verify-diagnostics | FileCheck %s --check-prefixes=CHECK,FOUR
// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(umc-select-workgroup-tiles{target-workgroups=64 min-workgroup-iterations=1}, umc-tile-workgroups))' --verify-diagnostics | FileCheck %s --check-prefixes=CHECK,MANY

// The two halves of workgroup tiling together: umc-select-workgroup-tiles
// chooses (its own test: select-workgroup-tiles.mlir), umc-tile-workgroups
// applies.

// Three settings: the defaults (64 workgroups of at least 4096 elements),
// FOUR (at most 4 workgroups of at least 16 elements) and MANY (up to 64
// workgroups of any size). Inputs are what umc-to-linalg and canonicalize
// make of one umc op.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>

// 8192 elements: the defaults aim for 8192 / 4096 = 2 workgroups, FOUR for 4
// and MANY for 64, splitting the outer loop; the producer (the add) is fused
// into the loop and the result goes back with parallel_insert_slice.
// CHECK-LABEL:   func.func private @elementwise
// CHECK-SAME:      (%[[X:.*]]: tensor<64x128xf32>, %[[B:.*]]: tensor<128xf32>)
// CHECK:           %[[INIT:.*]] = tensor.empty() : tensor<64x128xf32>
// DEFAULT:         %[[R:.*]] = scf.forall (%[[I:.*]]) = (0) to (64) step (32) shared_outs(%[[OUT:.*]] = %[[INIT]]) -> (tensor<64x128xf32>) {
// DEFAULT:           tensor.extract_slice %[[X]][%[[I]], 0] [32, 128] [1, 1] : tensor<64x128xf32> to tensor<32x128xf32>
// FOUR:            %[[R:.*]] = scf.forall (%[[I:.*]]) = (0) to (64) step (16) shared_outs(%[[OUT:.*]] = %[[INIT]]) -> (tensor<64x128xf32>) {
// FOUR:              tensor.extract_slice %[[X]][%[[I]], 0] [16, 128] [1, 1] : tensor<64x128xf32> to tensor<16x128xf32>
// MANY:            %[[R:.*]] = scf.forall (%[[I:.*]]) in (64) shared_outs(%[[OUT:.*]] = %[[INIT]]) -> (tensor<64x128xf32>) {
// MANY:              tensor.extract_slice %[[X]][%[[I]], 0] [1, 128] [1, 1] : tensor<64x128xf32> to tensor<1x128xf32>
// CHECK:             %[[SUM:.*]] = linalg.generic {{.*}}
// CHECK:               arith.addf
// CHECK:             %[[SLOT:.*]] = tensor.extract_slice %[[OUT]][%[[I]], 0]
// CHECK:             %[[G:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : {{.*}}) outs(%[[SLOT]] : {{.*}})
// CHECK:               math.erf
// CHECK:             scf.forall.in_parallel {
// CHECK-NEXT:          tensor.parallel_insert_slice %[[G]] into %[[OUT]][%[[I]], 0]
// CHECK:           return %[[R]] : tensor<64x128xf32>
func.func private @elementwise(%x: tensor<64x128xf32>, %b: tensor<128xf32>) -> tensor<64x128xf32> attributes {umc.kernel = 0 : i64} {
  %c1 = arith.constant 1.0 : f32
  %half = arith.constant 0.5 : f32
  %rsqrt2 = arith.constant 0.707106769 : f32
  %init = tensor.empty() : tensor<64x128xf32>
  %sum = linalg.generic {indexing_maps = [#id2, #last, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<64x128xf32>, tensor<128xf32>) outs(%init : tensor<64x128xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<64x128xf32>
  %gelu = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<64x128xf32>) outs(%init : tensor<64x128xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %rsqrt2 : f32
    %1 = math.erf %0 : f32
    %2 = arith.mulf %in, %half : f32
    %3 = arith.addf %1, %c1 : f32
    %4 = arith.mulf %2, %3 : f32
    linalg.yield %4 : f32
  } -> tensor<64x128xf32>
  return %gelu : tensor<64x128xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// 8 elements: too little work for a second workgroup under the defaults and
// FOUR (8 / 16 < 2); MANY gives each of the 8 elements its own workgroup.
// CHECK-LABEL:   func.func private @small
// DEFAULT-NOT:     scf.forall
// FOUR-NOT:        scf.forall
// MANY:            scf.forall (%{{.*}}, %{{.*}}) in (2, 4)
// CHECK:           return
func.func private @small(%x: tensor<2x4xf32>) -> tensor<2x4xf32> attributes {umc.kernel = 1 : i64} {
  %init = tensor.empty() : tensor<2x4xf32>
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%init : tensor<2x4xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Sizes that do not divide: 10 rows in 4 workgroups of ceil(10 / 4) = 3 rows,
// the last one shorter.
// FOUR-DAG:      #[[$MIN:.*]] = affine_map<(d0) -> (-d0 + 10, 3)>
// CHECK-LABEL:   func.func private @uneven
// DEFAULT-NOT:     scf.forall
// FOUR:            scf.forall (%[[I:.*]]) = (0) to (10) step (3)
// FOUR:              %[[N:.*]] = affine.min #[[$MIN]](%[[I]])
// FOUR:              tensor.extract_slice %{{.*}}[%[[I]], 0] [%[[N]], 8] [1, 1] : tensor<10x8xf32> to tensor<?x8xf32>
// MANY:            scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (10, 8) step (1, 2)
func.func private @uneven(%x: tensor<10x8xf32>) -> tensor<10x8xf32> attributes {umc.kernel = 2 : i64} {
  %init = tensor.empty() : tensor<10x8xf32>
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<10x8xf32>) outs(%init : tensor<10x8xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}

// -----

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// Several outer loops split until the grid is big enough: MANY makes
// 4 * 8 * (16 / 8) = 64 workgroups.
// CHECK-LABEL:   func.func private @three_dims
// DEFAULT-NOT:     scf.forall
// FOUR:            scf.forall (%[[I:.*]]) in (4)
// FOUR:              tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 8, 16] [1, 1, 1]
// MANY:            scf.forall (%[[I:.*]], %[[J:.*]], %[[K:.*]]) = (0, 0, 0) to (4, 8, 16) step (1, 1, 8)
// MANY:              tensor.extract_slice %{{.*}}[%[[I]], %[[J]], %[[K]]] [1, 1, 8] [1, 1, 1]
func.func private @three_dims(%x: tensor<4x8x16xf32>) -> tensor<4x8x16xf32> attributes {umc.kernel = 3 : i64} {
  %init = tensor.empty() : tensor<4x8x16xf32>
  %0 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<4x8x16xf32>) outs(%init : tensor<4x8x16xf32>) attrs = {umc.partition = #umc.partition<loops = 3>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<4x8x16xf32>
  return %0 : tensor<4x8x16xf32>
}

// -----

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red1 = affine_map<(d0, d1, d2) -> (d0, d2)>

// softmax along axis 1 of [2, 64, 64]: a partition of 1 loop, so only dim 0 is
// split, into 2 workgroups, even where the options ask for more (FOUR, MANY);
// each workgroup keeps whole [64, 64] slices and recomputes the max and sum
// reductions it needs over the whole axis.
// CHECK-LABEL:   func.func private @softmax_middle_axis
// DEFAULT:         scf.forall (%[[I:.*]]) in (2)
// FOUR:            scf.forall (%[[I:.*]]) in (2)
// MANY:            scf.forall (%[[I:.*]]) in (2)
// CHECK:             tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 64, 64] [1, 1, 1] : tensor<2x64x64xf32> to tensor<1x64x64xf32>
// CHECK:             linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]{{.*}} outs(%{{.*}} : tensor<1x64xf32>)
// CHECK:               arith.maximumf
// CHECK:             linalg.generic {{.*}} outs(%{{.*}} : tensor<1x64x64xf32>) attrs = {umc.partition = #umc.partition<loops = 1>}
// CHECK:             tensor.parallel_insert_slice %{{.*}}[%[[I]], 0, 0] [1, 64, 64] [1, 1, 1] : tensor<1x64x64xf32> into tensor<2x64x64xf32>
func.func private @softmax_middle_axis(%x: tensor<2x64x64xf32>) -> tensor<2x64x64xf32> attributes {umc.kernel = 4 : i64} {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<2x64xf32>
  %m0 = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %max = linalg.generic {indexing_maps = [#id3, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x64x64xf32>) outs(%m0 : tensor<2x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.maximumf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x64xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #red1, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %max : tensor<2x64x64xf32>, tensor<2x64xf32>) outs(%s0 : tensor<2x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = math.exp %0 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x64xf32>
  %init = tensor.empty() : tensor<2x64x64xf32>
  %r = linalg.generic {indexing_maps = [#id3, #red1, #red1, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %max, %sum : tensor<2x64x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) outs(%init : tensor<2x64x64xf32>) attrs = {umc.partition = #umc.partition<loops = 1>} {
  ^bb0(%in: f32, %m: f32, %s: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = math.exp %0 : f32
    %2 = arith.divf %1, %s : f32
    linalg.yield %2 : f32
  } -> tensor<2x64x64xf32>
  return %r : tensor<2x64x64xf32>
}

// -----

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// A partition of 0 loops (softmax along axis 0): one workgroup whatever the
// size.
// CHECK-LABEL:   func.func private @tile_dims_zero
// CHECK-NOT:       scf.forall
// CHECK:           return
func.func private @tile_dims_zero(%x: tensor<64x64x64xf32>) -> tensor<64x64x64xf32> attributes {umc.kernel = 5 : i64} {
  %init = tensor.empty() : tensor<64x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<64x64x64xf32>) outs(%init : tensor<64x64x64xf32>) attrs = {umc.partition = #umc.partition<loops = 0>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<64x64x64xf32>
  return %0 : tensor<64x64x64xf32>
}

// -----

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red1 = affine_map<(d0, d1, d2) -> (d0, d2)>

// Loops are split up to the first reduction, whatever the partition allows:
// the sum over dim 1 is split along dim 0 only, never along the reduction
// or the parallel dim after it.
// With the defaults, its 8192 iterations (the reduced ones count) make two
// workgroups of 4096.
// CHECK-LABEL:   func.func private @stops_at_reduction
// DEFAULT:         scf.forall (%[[I:.*]]) in (2)
// FOUR:            scf.forall (%[[I:.*]]) in (2)
// MANY:            scf.forall (%[[I:.*]]) in (2)
// FOUR:              tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 64, 64]
// MANY:              tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 64, 64]
func.func private @stops_at_reduction(%x: tensor<2x64x64xf32>) -> tensor<2x64xf32> attributes {umc.kernel = 6 : i64} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x64xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x64x64xf32>) outs(%s0 : tensor<2x64xf32>) attrs = {umc.partition = #umc.partition<loops = 3>} {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x64xf32>
  return %sum : tensor<2x64xf32>
}

// -----

#mk = affine_map<(d0, d1, d2) -> (d0, d2)>
#nk = affine_map<(d0, d1, d2) -> (d1, d2)>
#mn = affine_map<(d0, d1, d2) -> (d0, d1)>

// A linear: (m, n) may be split, k (the reduction) never. With the
// defaults its 65536 iterations make 16 workgroups, one row each.
// CHECK-LABEL:   func.func private @linear
// DEFAULT:         scf.forall (%[[I:.*]]) in (16)
// FOUR:            scf.forall (%[[I:.*]]) = (0) to (16) step (4)
// FOUR:              linalg.fill {{.*}} -> tensor<4x32xf32>
// FOUR:              linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x128xf32>, tensor<32x128xf32>) outs(%{{.*}} : tensor<4x32xf32>)
// MANY:            scf.forall (%[[I:.*]], %[[J:.*]]) = (0, 0) to (16, 32) step (1, 8)
// MANY:              linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x128xf32>, tensor<8x128xf32>) outs(%{{.*}} : tensor<1x8xf32>)
func.func private @linear(%x: tensor<16x128xf32>, %w: tensor<32x128xf32>) -> tensor<16x32xf32> attributes {umc.kernel = 7 : i64} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x32xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<16x32xf32>) -> tensor<16x32xf32>
  %0 = linalg.generic {indexing_maps = [#mk, #nk, #mn], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<16x128xf32>, tensor<32x128xf32>) outs(%acc : tensor<16x32xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %1 = arith.mulf %a, %b : f32
    %2 = arith.addf %c, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// The root is found through the reshape at the return (patchify): the
// transpose is tiled, the collapse_shape stays outside as a view of the loop
// result.
// CHECK-LABEL:   func.func private @through_reshape
// FOUR:            %[[L:.*]] = scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 4) step (1, 2)
// FOUR:              linalg.transpose ins(%{{.*}} : tensor<1x3x2x4x4x4xf32>) outs(%{{.*}} : tensor<1x2x4x3x4x4xf32>)
// FOUR:            %[[V:.*]] = tensor.collapse_shape %[[L]] {{\[}}[0], [1, 2], [3, 4, 5]] : tensor<2x4x4x3x4x4xf32> into tensor<2x16x48xf32>
// FOUR-NEXT:       return %[[V]]
// DEFAULT-NOT:     scf.forall
func.func private @through_reshape(%x: tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32> attributes {umc.kernel = 8 : i64} {
  %expanded = tensor.expand_shape %x [[0], [1], [2, 3], [4, 5]] output_shape [2, 3, 4, 4, 4, 4] : tensor<2x3x16x16xf32> into tensor<2x3x4x4x4x4xf32>
  %init = tensor.empty() : tensor<2x4x4x3x4x4xf32>
  %t = linalg.transpose ins(%expanded : tensor<2x3x4x4x4x4xf32>) outs(%init : tensor<2x4x4x3x4x4xf32>) permutation = [0, 2, 4, 1, 3, 5] {umc.partition = #umc.partition<loops = 3>}
  %collapsed = tensor.collapse_shape %t [[0], [1, 2], [3, 4, 5]] : tensor<2x4x4x3x4x4xf32> into tensor<2x16x48xf32>
  return %collapsed : tensor<2x16x48xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Functions that are not kernels (the host program) are not tiled, however
// big.
// CHECK-LABEL:   func.func @not_a_kernel
// CHECK-NOT:       scf.forall
// CHECK:           return
func.func @not_a_kernel(%x: tensor<256x256xf32>) -> tensor<256x256xf32> {
  %init = tensor.empty() : tensor<256x256xf32>
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<256x256xf32>) outs(%init : tensor<256x256xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Kernels have static shapes; a dynamic one is left whole (fails safe).
// CHECK-LABEL:   func.func private @dynamic
// CHECK-NOT:       scf.forall
func.func private @dynamic(%x: tensor<?x8xf32>, %init: tensor<?x8xf32>) -> tensor<?x8xf32> attributes {umc.kernel = 9 : i64} {
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x8xf32>) outs(%init : tensor<?x8xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// No op states a partition: nothing is split, however large (fails safe).
// CHECK-LABEL:   func.func private @unstated
// CHECK-NOT:       scf.forall
func.func private @unstated(%x: tensor<256x256xf32>, %init: tensor<256x256xf32>) -> tensor<256x256xf32> attributes {umc.kernel = 10 : i64} {
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<256x256xf32>) outs(%init : tensor<256x256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}
