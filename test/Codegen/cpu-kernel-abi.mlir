// RUN: umc-opt %s -split-input-file --umc-cpu-kernel-abi --verify-diagnostics | FileCheck %s

// Inputs are bufferized kernels as the CPU pipeline hands them over: memref
// arguments (inputs, then outputs), no results, at most one scf.forall.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>

// The forall over 64 rows in steps of 16 becomes a loop over workgroups
// [first, last) of a grid of 4; the row offset is id * 16 + 0. The entry
// point builds one memref descriptor per binding: base pointer twice, offset
// 0, the static sizes and row-major strides.
// CHECK:       #[[ROWMAP:.*]] = affine_map<(d0) -> (d0 * 16)>
// CHECK-LABEL: func.func private @k0
// CHECK-SAME:    (%[[IN:.*]]: memref<64x128xf32> {llvm.noalias}, %[[B:.*]]: memref<128xf32> {llvm.noalias}, %[[OUT:.*]]: memref<64x128xf32> {llvm.noalias}, %[[FIRST:.*]]: index, %[[LAST:.*]]: index)
// CHECK-SAME:    attributes {umc.kernel = 0 : i64}
// CHECK-NOT:     scf.forall
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.for %[[WG:.*]] = %[[FIRST]] to %[[LAST]] step %[[ONE]] {
// CHECK-NEXT:      %[[ROW:.*]] = affine.apply #[[ROWMAP]](%[[WG]])
// CHECK-NEXT:      memref.subview %[[IN]][%[[ROW]], 0] [16, 128] [1, 1]
// CHECK:           memref.subview %[[OUT]][%[[ROW]], 0] [16, 128] [1, 1]
// CHECK:           linalg.generic
// CHECK:             linalg.yield
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-NOT:     scf.forall

// The entry point first refuses a range outside the grid of 4 (a damaged
// artifact must not run workgroups past the buffers' ends), then runs the
// kernel; 1 and 0 are UMC_KERNEL_BAD_RANGE and UMC_KERNEL_OK.
// CHECK-LABEL: func.func @umc_kernel_0
// CHECK-SAME:    (%[[BINDINGS:.*]]: !llvm.ptr, %[[F:.*]]: i64, %[[L:.*]]: i64) -> i32
// CHECK-SAME:    attributes {umc.kernel = 0 : i64, umc.kernel_name = "k0", umc.workgroups = 4 : i64}
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[NEG:.*]] = arith.cmpi slt, %[[F]], %[[C0]] : i64
// CHECK-NEXT:    %[[GRID:.*]] = arith.constant 4 : i64
// CHECK-NEXT:    %[[PAST:.*]] = arith.cmpi sgt, %[[L]], %[[GRID]] : i64
// CHECK-NEXT:    %[[OUT:.*]] = arith.ori %[[NEG]], %[[PAST]] : i1
// CHECK-NEXT:    %[[BACK:.*]] = arith.cmpi sgt, %[[F]], %[[L]] : i64
// CHECK-NEXT:    %[[BAD:.*]] = arith.ori %[[OUT]], %[[BACK]] : i1
// CHECK-NEXT:    %[[STATUS:.*]] = scf.if %[[BAD]] -> (i32) {
// CHECK-NEXT:      %[[REFUSED:.*]] = arith.constant 1 : i32
// CHECK-NEXT:      scf.yield %[[REFUSED]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:    %[[SLOT0:.*]] = llvm.getelementptr %[[BINDINGS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    %[[P0:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[D0:.*]] = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[D1:.*]] = llvm.insertvalue %[[P0]], %[[D0]][0]
// CHECK-NEXT:    %[[D2:.*]] = llvm.insertvalue %[[P0]], %[[D1]][1]
// CHECK-NEXT:    %[[ZERO:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[D3:.*]] = llvm.insertvalue %[[ZERO]], %[[D2]][2]
// CHECK-NEXT:    %[[C128:.*]] = llvm.mlir.constant(128 : i64) : i64
// CHECK-NEXT:    %[[D4:.*]] = llvm.insertvalue %[[C128]], %[[D3]][3, 1]
// CHECK-NEXT:    %[[C1:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    %[[D5:.*]] = llvm.insertvalue %[[C1]], %[[D4]][4, 1]
// CHECK-NEXT:    %[[C64:.*]] = llvm.mlir.constant(64 : i64) : i64
// CHECK-NEXT:    %[[D6:.*]] = llvm.insertvalue %[[C64]], %[[D5]][3, 0]
// CHECK-NEXT:    %[[S128:.*]] = llvm.mlir.constant(128 : i64) : i64
// CHECK-NEXT:    %[[D7:.*]] = llvm.insertvalue %[[S128]], %[[D6]][4, 0]
// CHECK-NEXT:    %[[M0:.*]] = builtin.unrealized_conversion_cast %[[D7]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<64x128xf32>
// CHECK-NEXT:    %[[SLOT1:.*]] = llvm.getelementptr %[[BINDINGS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[M1:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<128xf32>
// CHECK-NEXT:    %[[SLOT2:.*]] = llvm.getelementptr %[[BINDINGS]][2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[M2:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<64x128xf32>
// CHECK-NEXT:    %[[FI:.*]] = arith.index_cast %[[F]] : i64 to index
// CHECK-NEXT:    %[[LI:.*]] = arith.index_cast %[[L]] : i64 to index
// CHECK-NEXT:    func.call @k0(%[[M0]], %[[M1]], %[[M2]], %[[FI]], %[[LI]]) : (memref<64x128xf32>, memref<128xf32>, memref<64x128xf32>, index, index) -> ()
// CHECK-NEXT:    %[[OK:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    scf.yield %[[OK]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[STATUS]] : i32
func.func private @k0(%x: memref<64x128xf32>, %b: memref<128xf32>, %y: memref<64x128xf32>) attributes {umc.kernel = 0 : i64} {
  scf.forall (%i) = (0) to (64) step (16) {
    %xs = memref.subview %x[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    %ys = memref.subview %y[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id2, #last, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%xs, %b : memref<16x128xf32, strided<[128, 1], offset: ?>>, memref<128xf32>)
        outs(%ys : memref<16x128xf32, strided<[128, 1], offset: ?>>) {
    ^bb0(%in: f32, %in_0: f32, %out: f32):
      %0 = arith.addf %in, %in_0 : f32
      linalg.yield %0 : f32
    }
  }
  return
}

// -----

// A 2-D grid with non-zero lower bounds and steps that do not divide:
// rows 2, 5, 8 (3) by columns 0, 2, 4, 6 (4) = 12 workgroups, each id
// delinearized row-major and mapped back to iv = id * step + lb.
// CHECK-DAG:   #[[ROWS:.*]] = affine_map<(d0) -> (d0 * 3 + 2)>
// CHECK-DAG:   #[[COLUMNS:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK-LABEL: func.func private @grid_2d
// CHECK-SAME:    (%[[M:.*]]: memref<10x7xf32> {llvm.noalias}, %[[FIRST:.*]]: index, %[[LAST:.*]]: index)
// CHECK:         scf.for %[[WG:.*]] = %[[FIRST]] to %[[LAST]] step %{{.*}} {
// CHECK-NEXT:      %[[IDS:.*]]:2 = affine.delinearize_index %[[WG]] into (3, 4) : index, index
// CHECK-NEXT:      %[[I:.*]] = affine.apply #[[ROWS]](%[[IDS]]#0)
// CHECK-NEXT:      %[[J:.*]] = affine.apply #[[COLUMNS]](%[[IDS]]#1)
// CHECK-NEXT:      memref.store %{{.*}}, %[[M]][%[[I]], %[[J]]] : memref<10x7xf32>
// CHECK-LABEL: func.func @umc_kernel_7
// CHECK-SAME:    attributes {umc.kernel = 7 : i64, umc.kernel_name = "{{.*}}", umc.workgroups = 12 : i64}
func.func private @grid_2d(%m: memref<10x7xf32>) attributes {umc.kernel = 7 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i, %j) = (2, 0) to (10, 7) step (3, 2) {
    memref.store %one, %m[%i, %j] : memref<10x7xf32>
  }
  return
}

// -----

// A kernel without a forall is a grid of one workgroup and runs whole (the
// range arguments are added but unused). A rank-0 binding has no sizes or
// strides in its descriptor.
// CHECK-LABEL: func.func private @single
// CHECK-SAME:    (%[[X:.*]]: memref<f32> {llvm.noalias}, %[[Y:.*]]: memref<4xf32> {llvm.noalias}, %{{.*}}: index, %{{.*}}: index)
// CHECK-NOT:     scf.for
// CHECK:         memref.load %[[X]][]
// CHECK:         linalg.fill
// CHECK-LABEL: func.func @umc_kernel_2
// CHECK-SAME:    attributes {umc.kernel = 2 : i64, umc.kernel_name = "{{.*}}", umc.workgroups = 1 : i64}
// CHECK:         llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NOT:     llvm.insertvalue {{.*}}[3
// CHECK:         builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64)> to memref<f32>
// CHECK:         call @single
func.func private @single(%x: memref<f32>, %y: memref<4xf32>) attributes {umc.kernel = 2 : i64} {
  %v = memref.load %x[] : memref<f32>
  linalg.fill ins(%v : f32) outs(%y : memref<4xf32>)
  return
}

// -----

// memref.copy (which would lower to a call of MLIR's memrefCopy helper)
// becomes linalg.copy in kernels; functions that are not kernels are left
// alone and get no entry point.
// CHECK-LABEL: func.func private @copies
// CHECK-SAME:    (%[[SRC:.*]]: memref<8x8xf32> {llvm.noalias}, %[[DST:.*]]: memref<4x8xf32> {llvm.noalias}, %{{.*}}: index, %{{.*}}: index)
// CHECK-NOT:     memref.copy
// CHECK:         %[[V:.*]] = memref.subview %[[SRC]][0, 0] [4, 8] [2, 1]
// CHECK-NEXT:    linalg.copy ins(%[[V]] : memref<4x8xf32, strided<[16, 1]>>) outs(%[[DST]] : memref<4x8xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return
// CHECK-LABEL: func.func @umc_kernel_3
// CHECK-SAME:    umc.workgroups = 1 : i64
// CHECK-LABEL: func.func @host
// CHECK-NEXT:    memref.copy
// CHECK-NOT:     func.func @umc_kernel_
func.func private @copies(%src: memref<8x8xf32>, %dst: memref<4x8xf32>) attributes {umc.kernel = 3 : i64} {
  %v = memref.subview %src[0, 0] [4, 8] [2, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[16, 1]>>
  memref.copy %v, %dst : memref<4x8xf32, strided<[16, 1]>> to memref<4x8xf32>
  return
}
func.func @host(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Several kernels in one module each get their own entry point, named by
// their umc.kernel index.
// CHECK-LABEL: func.func private @first
// CHECK-LABEL: func.func @umc_kernel_5
// CHECK-SAME:    umc.workgroups = 2 : i64
// CHECK-LABEL: func.func private @second
// CHECK-LABEL: func.func @umc_kernel_6
// CHECK-SAME:    umc.workgroups = 1 : i64
func.func private @first(%m: memref<2xf32>) attributes {umc.kernel = 5 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (2) {
    memref.store %one, %m[%i] : memref<2xf32>
  }
  return
}
func.func private @second(%m: memref<2xf32>) attributes {umc.kernel = 6 : i64} {
  return
}

// -----

// expected-error @+1 {{kernel must be bufferized with its results as out-parameters before umc-cpu-kernel-abi}}
func.func private @with_result(%x: memref<4xf32>) -> memref<4xf32> attributes {umc.kernel = 0 : i64} {
  return %x : memref<4xf32>
}

// -----

// expected-error @+1 {{kernel argument of type 'tensor<4xf32>' is not a static, contiguous memref}}
func.func private @tensor_argument(%x: tensor<4xf32>) attributes {umc.kernel = 0 : i64} {
  return
}

// -----

// expected-error @+1 {{kernel argument of type 'memref<?xf32>' is not a static, contiguous memref}}
func.func private @dynamic_argument(%x: memref<?xf32>) attributes {umc.kernel = 0 : i64} {
  return
}

// -----

// expected-error @+1 {{kernel argument of type 'memref<4xf32, strided<[2]>>' is not a static, contiguous memref}}
func.func private @strided_argument(%x: memref<4xf32, strided<[2]>>) attributes {umc.kernel = 0 : i64} {
  return
}

// -----

// expected-error @+1 {{kernel has 2 workgroup loops; expected at most one}}
func.func private @two_loops(%m: memref<4xf32>) attributes {umc.kernel = 0 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (4) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  scf.forall (%i) in (4) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  return
}

// -----

func.func private @dynamic_loop(%m: memref<4xf32>, %n: memref<index>) attributes {umc.kernel = 0 : i64} {
  %one = arith.constant 1.0 : f32
  %ub = memref.load %n[] : memref<index>
  // expected-error @+1 {{workgroup loop bounds must be static}}
  scf.forall (%i) = (0) to (%ub) step (1) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  return
}

// -----

func.func private @tensor_loop(%m: memref<4xf32>) attributes {umc.kernel = 0 : i64} {
  %t = tensor.empty() : tensor<4xf32>
  // expected-error @+1 {{workgroup loop must be bufferized}}
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<4xf32>) {
    %s = tensor.extract_slice %o[%i] [1] [1] : tensor<4xf32> to tensor<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf32> into tensor<4xf32>
    }
  }
  return
}

// -----

// A kernel that writes one of its bindings outside the workgroup loop (here
// the result is copied out after it, as a lowering ending in a reshape
// does) cannot be split: every range of the grid would run the copy and
// overwrite the others' rows. The whole grid runs as one workgroup.
// CHECK-LABEL: func.func private @copy_after_loop
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[ALL:.*]] = arith.constant 4 : index
// CHECK-NEXT:    scf.for %{{.*}} = %[[ZERO]] to %[[ALL]] step %{{.*}} {
// CHECK:         linalg.copy
// CHECK-LABEL: func.func @umc_kernel_5
// CHECK-SAME:    umc.workgroups = 1 : i64
func.func private @copy_after_loop(%in: memref<64x8xf32>, %out: memref<512xf32>) attributes {umc.kernel = 5 : i64} {
  %tmp = memref.alloc() : memref<64x8xf32>
  scf.forall (%i) = (0) to (64) step (16) {
    %src = memref.subview %in[%i, 0] [16, 8] [1, 1] : memref<64x8xf32> to memref<16x8xf32, strided<[8, 1], offset: ?>>
    %dst = memref.subview %tmp[%i, 0] [16, 8] [1, 1] : memref<64x8xf32> to memref<16x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %src, %dst : memref<16x8xf32, strided<[8, 1], offset: ?>> to memref<16x8xf32, strided<[8, 1], offset: ?>>
  }
  %flat = memref.collapse_shape %tmp [[0, 1]] : memref<64x8xf32> into memref<512xf32>
  memref.copy %flat, %out : memref<512xf32> to memref<512xf32>
  memref.dealloc %tmp : memref<64x8xf32>
  return
}


// -----

// A kernel that overwrites its input in place (umc.in_place_operand) binds
// that input and its output to the same buffer: neither is noalias; the
// other bindings still are.
// CHECK-LABEL: func.func private @in_place
// CHECK-SAME:    (%{{.*}}: memref<16xf32>, %{{.*}}: memref<16xf32> {llvm.noalias}, %{{.*}}: memref<16xf32>, %{{.*}}: index, %{{.*}}: index)
func.func private @in_place(%state: memref<16xf32>, %x: memref<16xf32>, %out: memref<16xf32>) attributes {umc.kernel = 0 : i64, umc.in_place_operand = 0 : i64} {
  linalg.add ins(%state, %x : memref<16xf32>, memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// An in-place kernel's copy of its input into its output copies one buffer
// onto itself (umc-slice-update-in-place leaves one after writing a slice
// into the input) and goes; other copies stay, as loops.
// CHECK-LABEL: func.func private @append_in_place
// CHECK-SAME:    (%[[STATE:[^:]*]]: memref<2x8xf32>, %[[ROW:[^:]*]]: memref<2x1xf32> {llvm.noalias}, %[[OUT:[^:]*]]: memref<2x8xf32>,
// CHECK:         %[[SLOT:.*]] = memref.subview %[[STATE]][0, 3] [2, 1] [1, 1]
// CHECK-NEXT:    linalg.copy ins(%[[ROW]] : memref<2x1xf32>) outs(%[[SLOT]] : memref<2x1xf32, strided<[8, 1], offset: 3>>)
// CHECK-NOT:     copy
// CHECK:         return
func.func private @append_in_place(%state: memref<2x8xf32>, %row: memref<2x1xf32>, %out: memref<2x8xf32>) attributes {umc.kernel = 0 : i64, umc.in_place_operand = 0 : i64} {
  %slot = memref.subview %state[0, 3] [2, 1] [1, 1] : memref<2x8xf32> to memref<2x1xf32, strided<[8, 1], offset: 3>>
  memref.copy %row, %slot : memref<2x1xf32> to memref<2x1xf32, strided<[8, 1], offset: 3>>
  memref.copy %state, %out : memref<2x8xf32> to memref<2x8xf32>
  return
}
