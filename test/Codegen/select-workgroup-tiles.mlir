// RUN: umc-opt %s -split-input-file --umc-select-workgroup-tiles --verify-diagnostics | FileCheck %s --check-prefixes=CHECK,DEFAULT
// RUN: umc-opt %s -split-input-file --umc-select-workgroup-tiles='target-workgroups=64 min-workgroup-iterations=1' --verify-diagnostics | FileCheck %s --check-prefixes=CHECK,MANY
// RUN: not umc-opt %s -split-input-file --umc-select-workgroup-tiles='min-workgroup-iterations=0' 2>&1 | FileCheck %s --check-prefix=BADOPT
// RUN: not umc-opt %s -split-input-file --umc-select-workgroup-tiles='target-workgroups=-3' 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: error: umc-select-workgroup-tiles: target-workgroups and min-workgroup-iterations must be at least 1, got {{-?[0-9]+}} and {{-?[0-9]+}}

// The strategy alone: which tile of each loop of the root one workgroup
// computes, recorded as #umc.workgroup_tiles (0: not split). DEFAULT aims
// for 64 workgroups of at least 4096 elements, MANY for 64 of any size.

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// 8192 elements: DEFAULT makes two workgroups of 32 rows, MANY 64 of one.
// CHECK-LABEL: func.func private @rows
// DEFAULT:       umc.workgroup_tiles = #umc.workgroup_tiles<[32, 0]>
// MANY:          umc.workgroup_tiles = #umc.workgroup_tiles<[1, 0]>
func.func private @rows(%x: tensor<64x128xf32>, %init: tensor<64x128xf32>) -> tensor<64x128xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<64x128xf32>) outs(%init : tensor<64x128xf32>) attrs = {umc.partition = #umc.partition<loops = 1>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<64x128xf32>
  return %0 : tensor<64x128xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

// Nothing states a partition: no tiles, the kernel stays one workgroup.
// CHECK-LABEL: func.func private @unstated
// CHECK-NOT:     umc.workgroup_tiles
func.func private @unstated(%x: tensor<64x128xf32>, %init: tensor<64x128xf32>) -> tensor<64x128xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<64x128xf32>) outs(%init : tensor<64x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<64x128xf32>
  return %0 : tensor<64x128xf32>
}

// -----

#heads = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#kv = affine_map<(d0, d1, d2) -> (d0, d1 floordiv 3, d2)>

// Grouped heads: the producer reads kv head h floordiv 3, the root (a cast
// after it) has identity maps. Traced through the tensor between them, the
// root's head loop gets tiles of whole groups: MANY's 1 becomes 3.
// CHECK-LABEL: func.func private @grouped
// MANY:          umc.workgroup_tiles = #umc.workgroup_tiles<[1, 3, 0]>
func.func private @grouped(%q: tensor<2x6x16xf32>, %k: tensor<2x2x16xf32>, %init: tensor<2x6x16xf32>, %out: tensor<2x6x16xbf16>) -> tensor<2x6x16xbf16> attributes {umc.kernel = 0 : i64} {
  %s = linalg.generic {indexing_maps = [#heads, #kv, #heads], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%q, %k : tensor<2x6x16xf32>, tensor<2x2x16xf32>) outs(%init : tensor<2x6x16xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<2x6x16xf32>
  %r = linalg.generic {indexing_maps = [#heads, #heads], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x6x16xf32>) outs(%out : tensor<2x6x16xbf16>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%a: f32, %o: bf16):
    %t = arith.truncf %a : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<2x6x16xbf16>
  return %r : tensor<2x6x16xbf16>
}

// -----

#patches = affine_map<(d0, d1) -> (d0 floordiv 4, d0 mod 4, d1)>
#out = affine_map<(d0, d1) -> (d0, d1)>

// A loop read through `mod 4` (a row of patches) is tiled in whole rows.
// CHECK-LABEL: func.func private @rows_of_patches
// MANY:          umc.workgroup_tiles = #umc.workgroup_tiles<[4, 0]>
func.func private @rows_of_patches(%x: tensor<8x4x64xf32>, %init: tensor<32x64xf32>) -> tensor<32x64xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#patches, #out], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x4x64xf32>) outs(%init : tensor<32x64xf32>) attrs = {umc.partition = #umc.partition<loops = 1>} {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<32x64xf32>
  return %0 : tensor<32x64xf32>
}

// -----

#a = affine_map<(d0, d1, d2) -> (d0, d1)>
#b = affine_map<(d0, d1, d2) -> (d1, d2)>
#o = affine_map<(d0, d1, d2) -> (d0, d2)>

// A matmul, loops (rows, k, columns): rows and columns are split, never k;
// rows in slices of at least 128 (a GEMM ukernel packs a workgroup's slice
// of the right operand once for all its rows), then columns, in slices of
// at least 128. 512 rows x 1024 columns: DEFAULT wants 64 workgroups, so 4
// row slices (the row minimum caps them) and 8 column slices (the column
// minimum caps them), 32 in all.
// CHECK-LABEL: func.func private @matmul_rows_and_columns
// DEFAULT:       umc.workgroup_tiles = #umc.workgroup_tiles<[128, 0, 128]>
func.func private @matmul_rows_and_columns(%x: tensor<512x64xf32>, %w: tensor<64x1024xf32>, %init: tensor<512x1024xf32>) -> tensor<512x1024xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#a, #b, #o], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : tensor<512x64xf32>, tensor<64x1024xf32>) outs(%init : tensor<512x1024xf32>) attrs = {umc.partition = #umc.partition<loops = 3, split_columns = true>} {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<512x1024xf32>
  return %0 : tensor<512x1024xf32>
}

// -----

#x = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>

// A linear, loops (rows, columns, k): rows first, then columns. 2048 x 2048:
// 16 row slices of 128, then the 4 column slices that make 64 workgroups,
// each 512 columns wide (a workgroup's rows serve 16 slivers of the weight).
// CHECK-LABEL: func.func private @linear_rows_first
// DEFAULT:       umc.workgroup_tiles = #umc.workgroup_tiles<[128, 512, 0]>
func.func private @linear_rows_first(%x: tensor<2048x64xf32>, %w: tensor<2048x64xf32>, %init: tensor<2048x2048xf32>) -> tensor<2048x2048xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2048x64xf32>, tensor<2048x64xf32>) outs(%init : tensor<2048x2048xf32>) attrs = {umc.partition = #umc.partition<loops = 2, split_columns = true>} {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2048x2048xf32>
  return %0 : tensor<2048x2048xf32>
}

// -----

#x = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>

// Equal column tiles where a few more parts divide the 32-wide register
// blocks: 384 rows are 3 slices, 64 workgroups want 22 column slices of
// 3072; 24 divide its 96 blocks: 24 tiles of 128 (not 19 of 160 and one
// of 32).
// CHECK-LABEL: func.func private @linear_equal_column_tiles
// DEFAULT:       umc.workgroup_tiles = #umc.workgroup_tiles<[128, 128, 0]>
func.func private @linear_equal_column_tiles(%x: tensor<384x64xf32>, %w: tensor<3072x64xf32>, %init: tensor<384x3072xf32>) -> tensor<384x3072xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<384x64xf32>, tensor<3072x64xf32>) outs(%init : tensor<384x3072xf32>) attrs = {umc.partition = #umc.partition<loops = 2, split_columns = true>} {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<384x3072xf32>
  return %0 : tensor<384x3072xf32>
}

// -----

#x = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>

// No number of parts between the wanted 8 and the most, 10, divides 1376's
// 43 blocks: 8 parts of 6 blocks, the last tile 32 wide.
// CHECK-LABEL: func.func private @linear_blocks_no_part_divides
// DEFAULT:       umc.workgroup_tiles = #umc.workgroup_tiles<[128, 192, 0]>
func.func private @linear_blocks_no_part_divides(%x: tensor<1024x64xf32>, %w: tensor<1376x64xf32>, %init: tensor<1024x1376xf32>) -> tensor<1024x1376xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1024x64xf32>, tensor<1376x64xf32>) outs(%init : tensor<1024x1376xf32>) attrs = {umc.partition = #umc.partition<loops = 2, split_columns = true>} {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<1024x1376xf32>
  return %0 : tensor<1024x1376xf32>
}
