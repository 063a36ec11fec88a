// RUN: umc-opt %s -split-input-file --umc-cpu-use-ukernels --cse | FileCheck %s

#a = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#w = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// A linear on buffers with a batch dimension: its 4 x 5 rows collapse into
// one GEMM of 20 rows; leading dimensions 8, 8 and 16.
// CHECK-LABEL: func.func @batched_linear
// CHECK-NOT:     linalg.generic
// CHECK-DAG:     %[[LD8:.*]] = arith.constant 8 : i64
// CHECK-DAG:     %[[LD16:.*]] = arith.constant 16 : i64
// CHECK-DAG:     %[[ROWS:.*]] = arith.constant 20 : i64
// CHECK:         call @umc_ukernel_gemm_nt_f32(%{{.*}}, %[[LD8]], %{{.*}}, %[[LD8]], %{{.*}}, %[[LD16]], %[[ROWS]], %[[LD16]], %[[LD8]])
// CHECK:       func.func private @umc_ukernel_gemm_nt_f32(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64)
func.func @batched_linear(%x: memref<4x5x8xf32>, %w: memref<16x8xf32>, %y: memref<4x5x16xf32>) {
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<4x5x8xf32>, memref<16x8xf32>) outs(%y : memref<4x5x16xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// A workgroup's tile: views into larger buffers, at an offset the
// ukernel gets as an address; the leading dimensions are the buffers'.
// CHECK-LABEL: func.func @tile_of_a_linear
// CHECK:         memref.extract_strided_metadata %{{.*}} : memref<32x24xf32, strided<[40, 1], offset: ?>>
// CHECK:         llvm.inttoptr
// CHECK:         call @umc_ukernel_gemm_nt_f32
func.func @tile_of_a_linear(%x: memref<64x40xf32>, %w: memref<128x40xf32>, %y: memref<64x128xf32>, %i: index, %j: index) {
  %xs = memref.subview %x[%i, 0] [32, 24] [1, 1] : memref<64x40xf32> to memref<32x24xf32, strided<[40, 1], offset: ?>>
  %ws = memref.subview %w[%j, 0] [64, 24] [1, 1] : memref<128x40xf32> to memref<64x24xf32, strided<[40, 1], offset: ?>>
  %ys = memref.subview %y[%i, %j] [32, 64] [1, 1] : memref<64x128xf32> to memref<32x64xf32, strided<[128, 1], offset: ?>>
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%xs, %ws : memref<32x24xf32, strided<[40, 1], offset: ?>>, memref<64x24xf32, strided<[40, 1], offset: ?>>)
      outs(%ys : memref<32x64xf32, strided<[128, 1], offset: ?>>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %wt, %in : f32
    %s = arith.addf %p, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// Left alone: a decode step's 1 row (packing the weight would not pay),
// f16, and a body that is not a multiply-accumulate.
// CHECK-LABEL: func.func @not_for_the_ukernel
// CHECK-NOT:     call
// CHECK-COUNT-3: linalg.generic
func.func @not_for_the_ukernel(%x: memref<1x8xf32>, %w: memref<16x8xf32>, %y: memref<1x16xf32>,
                               %xh: memref<32x8xf16>, %wh: memref<16x8xf16>, %yh: memref<32x16xf16>,
                               %x2: memref<32x8xf32>, %y2: memref<32x16xf32>) {
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<1x8xf32>, memref<16x8xf32>) outs(%y : memref<1x16xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%xh, %wh : memref<32x8xf16>, memref<16x8xf16>) outs(%yh : memref<32x16xf16>) {
  ^bb0(%in: f16, %wt: f16, %acc: f16):
    %p = arith.mulf %in, %wt : f16
    %s = arith.addf %acc, %p : f16
    linalg.yield %s : f16
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x2, %w : memref<32x8xf32>, memref<16x8xf32>) outs(%y2 : memref<32x16xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.maximumf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#a = affine_map<(d0, d1, d2) -> (d0, d1)>
#b = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d2)>

// A matmul (loops m, k, n; the right operand stored [k, n]): the nn
// ukernel, B's leading dimension its row of 24.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG:     %[[K:.*]] = arith.constant 8 : i64
// CHECK-DAG:     %[[N:.*]] = arith.constant 24 : i64
// CHECK-DAG:     %[[M:.*]] = arith.constant 20 : i64
// CHECK:         call @umc_ukernel_gemm_nn_f32(%{{.*}}, %[[K]], %{{.*}}, %[[N]], %{{.*}}, %[[N]], %[[M]], %[[N]], %[[K]])
// CHECK-NOT:     umc_ukernel_gemm_nt_f32
// CHECK:       func.func private @umc_ukernel_gemm_nn_f32
func.func @matmul(%x: memref<20x8xf32>, %w: memref<8x24xf32>, %y: memref<20x24xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #out], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<20x8xf32>, memref<8x24xf32>) outs(%y : memref<20x24xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// The last workgroup's tile when the tile size does not divide the
// columns (width 1376 in slices of 138): sizes read at run time, the
// same fast path.
// CHECK-LABEL: func.func @dynamic_tile
// CHECK:         %[[N:.*]] = memref.dim %{{.*}}, %c1
// CHECK:         %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:         call @umc_ukernel_gemm_nt_f32({{.*}}, %[[N64]], %{{.*}})
func.func @dynamic_tile(%x: memref<128x768xf32>, %w: memref<1376x768xf32>, %y: memref<128x1376xf32>, %j: index, %cols: index) {
  %ws = memref.subview %w[%j, 0] [%cols, 768] [1, 1] : memref<1376x768xf32> to memref<?x768xf32, strided<[768, 1], offset: ?>>
  %ys = memref.subview %y[0, %j] [128, %cols] [1, 1] : memref<128x1376xf32> to memref<128x?xf32, strided<[1376, 1], offset: ?>>
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %ws : memref<128x768xf32>, memref<?x768xf32, strided<[768, 1], offset: ?>>)
      outs(%ys : memref<128x?xf32, strided<[1376, 1], offset: ?>>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#unpack = affine_map<(d0, d1) -> (d0 floordiv 16, d1, d0 mod 16)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// A weight umc-cpu-pack-weights packed at load, unpacked into the
// workgroup's tile: the call reads the packed blocks of the tile's columns
// (the view's address), and the unpacking generic and its buffer go.
// CHECK-LABEL: func.func @packed_weight
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     linalg.generic
// CHECK:         %[[P:.*]] = memref.subview %{{.*}}[2, 0, 0] [2, 24, 16]
// CHECK:         memref.extract_strided_metadata %[[P]]
// CHECK:         %[[PTR:.*]] = llvm.inttoptr
// CHECK:         call @umc_ukernel_gemm_packed_f32(%{{.*}}, %{{.*}}, %[[PTR]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64) -> ()
// CHECK-NOT:     memref.dealloc
// CHECK:       func.func private @umc_ukernel_gemm_packed_f32(!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64)
func.func @packed_weight(%x: memref<32x24xf32>, %p: memref<4x24x16xf32>, %y: memref<32x64xf32>) {
  %ps = memref.subview %p[2, 0, 0] [2, 24, 16] [1, 1, 1] : memref<4x24x16xf32> to memref<2x24x16xf32, strided<[384, 16, 1], offset: 768>>
  %ys = memref.subview %y[0, 32] [32, 32] [1, 1] : memref<32x64xf32> to memref<32x32xf32, strided<[64, 1], offset: 32>>
  %tile = memref.alloc() : memref<32x24xf32>
  linalg.generic {indexing_maps = [#unpack, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ps : memref<2x24x16xf32, strided<[384, 16, 1], offset: 768>>) outs(%tile : memref<32x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %tile : memref<32x24xf32>, memref<32x24xf32>) outs(%ys : memref<32x32xf32, strided<[64, 1], offset: 32>>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %tile : memref<32x24xf32>
  return
}

// -----

#unpack = affine_map<(d0, d1) -> (d0 floordiv 16, d1, d0 mod 16)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// The last column tile of a width its tiles do not divide (1376 in tiles
// of 160): the view's sizes are dynamic, but it starts at column 0 of a
// block, so the packed call reads it; the GEMM's width (%n) says how many
// columns.
// CHECK-LABEL: func.func @packed_weight_partial_tile
// CHECK-SAME:    (%{{.*}}: memref<32x24xf32>, %{{.*}}: memref<4x24x16xf32>, %{{.*}}: memref<32x64xf32>, %[[B:.*]]: index, %[[BLOCKS:.*]]: index, %[[COLS:.*]]: index, %[[N:.*]]: index)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[P:.*]] = memref.subview %{{.*}}[%[[B]], 0, 0] [%[[BLOCKS]], 24, %[[COLS]]]
// CHECK:         memref.extract_strided_metadata %[[P]]
// CHECK:         call @umc_ukernel_gemm_packed_f32
func.func @packed_weight_partial_tile(%x: memref<32x24xf32>, %p: memref<4x24x16xf32>, %y: memref<32x64xf32>,
                                      %block: index, %blocks: index, %cols: index, %n: index) {
  %ps = memref.subview %p[%block, 0, 0] [%blocks, 24, %cols] [1, 1, 1] : memref<4x24x16xf32> to memref<?x24x?xf32, strided<[384, 16, 1], offset: ?>>
  %ys = memref.subview %y[0, 0] [32, %n] [1, 1] : memref<32x64xf32> to memref<32x?xf32, strided<[64, 1]>>
  %tile = memref.alloc(%n) : memref<?x24xf32>
  linalg.generic {indexing_maps = [#unpack, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ps : memref<?x24x?xf32, strided<[384, 16, 1], offset: ?>>) outs(%tile : memref<?x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %tile : memref<32x24xf32>, memref<?x24xf32>) outs(%ys : memref<32x?xf32, strided<[64, 1]>>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %tile : memref<?x24xf32>
  return
}

// -----

#unpack = affine_map<(d0, d1) -> (d0 floordiv 16, d1, d0 mod 16)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// A view that may start inside a block (a column offset not known to be 0)
// is unpacked into its tile as before: the packed call, reading whole
// blocks from the view's start, could read past the buffer's last block.
// CHECK-LABEL: func.func @packed_weight_inside_a_block
// CHECK:         memref.alloc
// CHECK:         linalg.generic
// CHECK:         call @umc_ukernel_gemm_nt_f32
func.func @packed_weight_inside_a_block(%x: memref<32x24xf32>, %p: memref<4x24x16xf32>, %y: memref<32x64xf32>,
                                        %column: index, %cols: index, %n: index) {
  %ps = memref.subview %p[0, 0, %column] [2, 24, %cols] [1, 1, 1] : memref<4x24x16xf32> to memref<2x24x?xf32, strided<[384, 16, 1], offset: ?>>
  %ys = memref.subview %y[0, 0] [32, %n] [1, 1] : memref<32x64xf32> to memref<32x?xf32, strided<[64, 1]>>
  %tile = memref.alloc(%n) : memref<?x24xf32>
  linalg.generic {indexing_maps = [#unpack, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ps : memref<2x24x?xf32, strided<[384, 16, 1], offset: ?>>) outs(%tile : memref<?x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %tile : memref<32x24xf32>, memref<?x24xf32>) outs(%ys : memref<32x?xf32, strided<[64, 1]>>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %tile : memref<?x24xf32>
  return
}

// -----

#notunpack = affine_map<(d0, d1) -> (d0 floordiv 8, d1, d0 mod 8)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// A weight filled by a generic of another layout (blocks of 8) is read
// from its tile as any weight: the packed call would read it wrong.
// CHECK-LABEL: func.func @other_layout
// CHECK:         memref.alloc
// CHECK:         linalg.generic
// CHECK:         call @umc_ukernel_gemm_nt_f32
func.func @other_layout(%x: memref<32x24xf32>, %p: memref<4x24x8xf32>, %y: memref<32x32xf32>) {
  %tile = memref.alloc() : memref<32x24xf32>
  linalg.generic {indexing_maps = [#notunpack, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p : memref<4x24x8xf32>) outs(%tile : memref<32x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #w, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %tile : memref<32x24xf32>, memref<32x24xf32>) outs(%y : memref<32x32xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %tile : memref<32x24xf32>
  return
}
