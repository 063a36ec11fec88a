// The attention half of umc-cpu-use-ukernels: an attention lowered by
// umc-to-linalg, tiled into workgroups and bufferized as the CPU pipeline
// does, becomes one ukernel call per (batch, head) of the tile, and its
// generics and scratch buffers go away.
// RUN: umc-opt %s -split-input-file --pass-pipeline='builtin.module(umc-to-linalg, canonicalize, cse, func.func(umc-select-workgroup-tiles, umc-tile-workgroups), canonicalize, cse, func.func(umc-elementwise-in-place), one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map}, buffer-results-to-out-params{hoist-static-allocs}, canonicalize, buffer-deallocation-pipeline, umc-cpu-kernel-abi, canonicalize, umc-cpu-use-ukernels, cse)' | FileCheck %s

// Grouped-query causal attention: 4 query heads read 2 kv heads; each
// workgroup's tile of queries starts at its own position.
// CHECK-LABEL: func.func private @causal_k0_attention
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     memref.alloc
// CHECK:         memref.subview %arg3[0, %{{.*}}, %[[S:.*]], 0] [1, 2, 128, 32]
// CHECK:         %[[CAST:.*]] = arith.index_cast %[[S]] : index to i64
// CHECK:         %[[FIRST:.*]] = arith.addi %[[CAST]], %{{.*}} : i64
// CHECK:         scf.for
// CHECK:           scf.for %[[H:.*]] =
// CHECK:             arith.divui %[[H]], %c2{{(_[0-9]+)?}} : index
// CHECK:             %[[NOSPANS:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:             %[[SCALE:.*]] = arith.constant 0.176776{{[0-9]*}} : f32
// CHECK:             func.call @umc_ukernel_attention_f32({{.*}}, %[[FIRST]], %{{.*}}, %c1_i32, %{{.*}}, %[[NOSPANS]], %c0_i64{{(_[0-9]+)?}}, %[[SCALE]]) : (!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i32, i64, !llvm.ptr, i64, f32) -> ()
// CHECK-NOT:     linalg.generic
// CHECK:       func.func private @umc_ukernel_attention_f32
func.func private @causal_k0_attention(%q: tensor<1x4x256x32xf32>, %k: tensor<1x2x256x32xf32>, %v: tensor<1x2x256x32xf32>) -> tensor<1x4x256x32xf32> attributes {umc.kernel = 0 : i64} {
  %o = umc.attention %q, %k, %v mask <causal> : (tensor<1x4x256x32xf32>, tensor<1x2x256x32xf32>, tensor<1x2x256x32xf32>) -> tensor<1x4x256x32xf32>
  return %o : tensor<1x4x256x32xf32>
}

// -----

// An omni mask (causal text, images that see themselves): mask 3, its
// spans a constant of the module passed by address with their count.
// CHECK:       memref.global "private" constant @umc_omni_spans : memref<4xi64> = dense<[4, 40, 100, 130]>
// CHECK-LABEL: func.func private @omni_k0_attention
// CHECK-NOT:     linalg.generic
// CHECK:         %[[SPANS:.*]] = memref.get_global @umc_omni_spans : memref<4xi64>
// CHECK:         memref.extract_strided_metadata %[[SPANS]]
// CHECK:         %[[PTR:.*]] = llvm.inttoptr
// CHECK:         func.call @umc_ukernel_attention_f32({{.*}}, %c3_i32, %{{.*}}, %[[PTR]], %c2_i64, %{{.*}})
func.func private @omni_k0_attention(%q: tensor<1x2x160x32xf32>, %k: tensor<1x2x160x32xf32>, %v: tensor<1x2x160x32xf32>) -> tensor<1x2x160x32xf32> attributes {umc.kernel = 0 : i64} {
  %o = umc.attention %q, %k, %v mask <omni, spans = [4, 40, 100, 130]> : (tensor<1x2x160x32xf32>, tensor<1x2x160x32xf32>, tensor<1x2x160x32xf32>) -> tensor<1x2x160x32xf32>
  return %o : tensor<1x2x160x32xf32>
}

// -----

// A mask the ukernel does not know (block-sparse) keeps the generics.
// CHECK-LABEL: func.func private @block_sparse_k0_attention
// CHECK:         linalg.generic
// CHECK-NOT:     umc_ukernel_attention_f32
func.func private @block_sparse_k0_attention(%q: tensor<1x1x8x4xf32>, %k: tensor<1x1x8x4xf32>, %v: tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32> attributes {umc.kernel = 0 : i64} {
  %o = umc.attention %q, %k, %v mask <block_sparse, block = 4, layout = [1, 0, 1, 1]> : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32>
  return %o : tensor<1x1x8x4xf32>
}

// -----

// A prompt written into a KV cache: query 0 sits at the run-time offset,
// and keys from offset + 32 on are hidden (the key_end argument).
// CHECK-LABEL: func.func private @prefill_k0_attention
// CHECK:         %[[P:.*]] = memref.load %arg3[] : memref<i32>
// CHECK:         %[[START:.*]] = arith.extsi %[[P]] : i32 to i64
// CHECK:         %[[END:.*]] = arith.addi %[[START]], %c32_i64
// CHECK:         %[[FIRST:.*]] = arith.addi %{{.*}}, %[[START]] : i64
// CHECK:         func.call @umc_ukernel_attention_f32({{.*}}, %[[FIRST]], %[[END]], %c1_i32
func.func private @prefill_k0_attention(%q: tensor<1x2x32x16xf32>, %k: tensor<1x2x128x16xf32>, %v: tensor<1x2x128x16xf32>, %p: tensor<i32>) -> tensor<1x2x32x16xf32> attributes {umc.kernel = 0 : i64} {
  %o = umc.attention %q, %k, %v mask <causal> query_offset %p : (tensor<1x2x32x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x16xf32>, tensor<i32>) -> tensor<1x2x32x16xf32>
  return %o : tensor<1x2x32x16xf32>
}

// -----

// One query (a decode step) keeps the generics: packing a block of keys to
// use it once would not pay.
// CHECK-LABEL: func.func private @decode_k0_attention
// CHECK:         linalg.generic
// CHECK-NOT:     umc_ukernel_attention_f32
func.func private @decode_k0_attention(%q: tensor<1x2x1x16xf32>, %k: tensor<1x2x128x16xf32>, %v: tensor<1x2x128x16xf32>, %p: tensor<i32>) -> tensor<1x2x1x16xf32> attributes {umc.kernel = 0 : i64} {
  %o = umc.attention %q, %k, %v mask <causal> query_offset %p : (tensor<1x2x1x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x16xf32>, tensor<i32>) -> tensor<1x2x1x16xf32>
  return %o : tensor<1x2x1x16xf32>
}
