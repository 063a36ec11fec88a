// RUN: umc-opt %s -split-input-file --umc-outline-kernels --verify-diagnostics | FileCheck %s

// The cases at the end are errors of the pass, checked by
// --verify-diagnostics; they print nothing.

// One private kernel per compute op, numbered in program order; the reshape
// stays in the entry point as a view between two calls, and the constant is
// copied into the only kernel that uses it.

// CHECK-LABEL: func.func private @chain_k0_add
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32> {bufferization.writable = false}) -> tensor<4x8xf32>
// CHECK-SAME:    attributes {umc.flops = 0 : i64, umc.kernel = 0 : i64, umc.source_ops = [{loc = "{{.*}}outline-kernels.mlir:[[@LINE+27]]:8", name = "umc.add"}]}
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<8xf32>
// CHECK-NEXT:    %[[S:.*]] = umc.add %[[X]], %[[C]] : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT:    return %[[S]]

// CHECK-LABEL: func.func private @chain_k1_gelu
// CHECK-SAME:    (%[[Y:.*]]: tensor<32xf32> {bufferization.writable = false}) -> tensor<32xf32>
// CHECK-SAME:    attributes {umc.flops = 0 : i64, umc.kernel = 1 : i64, umc.source_ops = [{loc = "{{.*}}outline-kernels.mlir:[[@LINE+22]]:8", name = "umc.gelu"}]}
// CHECK-NEXT:    %[[G:.*]] = umc.gelu %[[Y]] approximate = tanh : tensor<32xf32>
// CHECK-NEXT:    return %[[G]]

// CHECK-LABEL: func.func private @chain_k2_mul
// CHECK-SAME:    (%[[Z:.*]]: tensor<32xf32> {bufferization.writable = false})
// CHECK-SAME:    umc.kernel = 2 : i64
// CHECK-NEXT:    %[[M:.*]] = umc.mul %[[Z]], %[[Z]]
// CHECK-NEXT:    return %[[M]]

// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[A:.*]]: tensor<4x8xf32>, %{{.*}}: tensor<8xf32>) -> tensor<32xf32>
// CHECK-NOT:     umc.kernel
// CHECK-NEXT:    %[[R0:.*]] = call @chain_k0_add(%[[A]]) : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT:    %[[V:.*]] = umc.reshape %[[R0]] : tensor<4x8xf32> -> tensor<32xf32>
// CHECK-NEXT:    %[[R1:.*]] = call @chain_k1_gelu(%[[V]]) : (tensor<32xf32>) -> tensor<32xf32>
// CHECK-NEXT:    %[[R2:.*]] = call @chain_k2_mul(%[[R1]]) : (tensor<32xf32>) -> tensor<32xf32>
// CHECK-NEXT:    return %[[R2]] : tensor<32xf32>
func.func @chain(%x: tensor<4x8xf32>, %unused: tensor<8xf32>) -> tensor<32xf32> {
  %c = arith.constant dense<1.0> : tensor<8xf32>
  %0 = umc.add %x, %c : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = umc.reshape %0 : tensor<4x8xf32> -> tensor<32xf32>
  %2 = umc.gelu %1 approximate = tanh : tensor<32xf32>
  %3 = umc.mul %2, %2 : (tensor<32xf32>, tensor<32xf32>) -> tensor<32xf32>
  return %3 : tensor<32xf32>
}

// -----

// A fusion may yield a value from outside it unchanged (CSE can make one):
// the kernel takes it as an argument and returns it.
// CHECK-LABEL: func.func private @passthrough_k0_fused_elementwise
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32> {bufferization.writable = false}, %[[Y:.*]]: tensor<4xf32> {bufferization.writable = false}) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT:    %[[E:.*]] = umc.exp %[[X]]
// CHECK-NEXT:    return %[[E]], %[[Y]]
func.func @passthrough(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a, %b = umc.fusion "elementwise" : tensor<4xf32>, tensor<4xf32> {
    %e = umc.exp %x : tensor<4xf32>
    umc.yield %e, %y : tensor<4xf32>, tensor<4xf32>
  }
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// A umc.fusion becomes one kernel holding its body, named after its rule,
// with one source op per op of the body; it returns every yielded value.

// CHECK-LABEL: func.func private @fused_k0_fused_residual_norm
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32> {bufferization.writable = false}, %[[D:.*]]: tensor<4x8xf32> {bufferization.writable = false}) -> (tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-SAME:    umc.source_ops = [{loc = "{{.*}}outline-kernels.mlir:[[@LINE+11]]:10", name = "umc.add"}, {loc = "{{.*}}outline-kernels.mlir:[[@LINE+13]]:10", name = "umc.layer_norm"}]
// CHECK-NEXT:    %[[H:.*]] = umc.add %[[X]], %[[D]]
// CHECK-NEXT:    %[[N:.*]] = umc.layer_norm %[[H]]
// CHECK-NEXT:    return %[[H]], %[[N]]

// CHECK-LABEL: func.func @fused
// CHECK-NEXT:    %[[R:.*]]:2 = call @fused_k0_fused_residual_norm(%{{.*}}, %{{.*}})
// CHECK-NEXT:    %[[E:.*]] = call @fused_k1_exp(%[[R]]#0)
// CHECK-NEXT:    return %[[E]], %[[R]]#1
func.func @fused(%x: tensor<4x8xf32>, %d: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %h, %n = umc.fusion "residual_norm" : tensor<4x8xf32>, tensor<4x8xf32> {
    %0 = umc.add %x, %d : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>

    %1 = umc.layer_norm %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
    umc.yield %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
  }
  %e = umc.exp %h : tensor<4x8xf32>
  return %e, %n : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Kernels are numbered across the whole module, entry after entry; private
// functions are not entry points and keep their umc ops.

// CHECK-LABEL: func.func private @first_k0_exp
// CHECK-SAME:    umc.kernel = 0 : i64
// CHECK:       func.func @first
// CHECK-NEXT:    call @first_k0_exp
// CHECK-LABEL: func.func private @helper
// CHECK-NOT:     umc.kernel
// CHECK-NEXT:    umc.tanh
// CHECK-NOT:     call
// CHECK:       func.func private @second_k1_linear
// CHECK-SAME:    (%{{.*}}: tensor<2x4xf32> {bufferization.writable = false}, %{{.*}}: tensor<3x4xf32> {bufferization.writable = false}, %{{.*}}: tensor<3xf32> {bufferization.writable = false}) -> tensor<2x3xf32>
// CHECK-SAME:    umc.kernel = 1 : i64
// CHECK-SAME:    name = "umc.linear"
// CHECK-NEXT:    umc.linear
// CHECK:       func.func private @second_k2_softmax
// CHECK-SAME:    umc.kernel = 2 : i64
// CHECK-NEXT:    umc.softmax %{{.*}} axis = 0
// CHECK:       func.func @second
// CHECK-NEXT:    call @second_k1_linear
// CHECK-NEXT:    call @second_k2_softmax
// CHECK-LABEL: func.func private @declared
func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.tanh %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @second(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = umc.softmax %0 axis = 0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
func.func private @declared(tensor<4xf32>) -> tensor<4xf32>

// -----

// A value used twice becomes one argument; a constant used twice by one op
// is cloned once; a constant used by two ops is copied into both kernels and
// leaves the entry point.

// CHECK-LABEL: func.func private @shared_k0_mul
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
// CHECK-NEXT:    umc.mul %[[X]], %[[X]]
// CHECK-NEXT:    return
// CHECK:       func.func private @shared_k1_mul() -> tensor<4xf32>
// CHECK-NEXT:    %[[C1:.*]] = arith.constant dense<2.000000e+00>
// CHECK-NEXT:    umc.mul %[[C1]], %[[C1]]
// CHECK-NEXT:    return
// CHECK:       func.func private @shared_k2_add
// CHECK-SAME:    (%[[Y:[^:]*]]: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
// CHECK-NEXT:    %[[C2:.*]] = arith.constant dense<2.000000e+00>
// CHECK-NEXT:    umc.add %[[Y]], %[[C2]]
// CHECK:       func.func @shared
// CHECK-NOT:     arith.constant
// CHECK:         call @shared_k1_mul() : () -> tensor<4xf32>
// CHECK:         return
func.func @shared(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant dense<2.0> : tensor<4xf32>
  %0 = umc.mul %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %unused = umc.mul %c, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = umc.add %0, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// An op whose result is unused is still outlined (umc ops are pure, but the
// pass does not judge that); an unused constant is dropped.

// CHECK-LABEL: func.func private @dead_k0_exp
// CHECK:       func.func @dead
// CHECK-NOT:     arith.constant
// CHECK:         call @dead_k0_exp
// CHECK-NEXT:    return %arg0
func.func @dead(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant dense<2.0> : tensor<4xf32>
  %0 = umc.exp %x : tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

// umc.source_ops names the file location inside a fused or named location,
// and "unknown" when there is none.

// CHECK-LABEL: func.func private @locations_k0_exp
// CHECK-SAME:    umc.source_ops = [{loc = "model.py:12:3", name = "umc.exp"}]
// CHECK-LABEL: func.func private @locations_k1_tanh
// CHECK-SAME:    umc.source_ops = [{loc = "block.py:7:9", name = "umc.tanh"}]
// CHECK-LABEL: func.func private @locations_k2_silu
// CHECK-SAME:    umc.source_ops = [{loc = "unknown", name = "umc.silu"}]
func.func @locations(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32> loc("layers.0.exp"("model.py":12:3))
  %1 = umc.tanh %0 : tensor<4xf32> loc(fused["mlp", "block.py":7:9, "other.py":1:1])
  %2 = umc.silu %1 : tensor<4xf32> loc(unknown)
  return %2 : tensor<4xf32>
}

// -----

// An entry point of views only has no kernels.

// CHECK-LABEL: func.func @views_only
// CHECK-NOT:     call
// CHECK:         umc.reshape
// CHECK-NOT:     func.func private
func.func @views_only(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// Ops inside loops and branches are outlined too; the host keeps the
// control flow, the scalar arithmetic and the state. A contraction records
// its flops (2 per multiply-add).

// CHECK-LABEL: func.func private @looped_k0_linear
// CHECK-SAME:    umc.flops = 256 : i64
// CHECK:       func.func private @looped_k1_exp
// CHECK-LABEL: func.func @looped
// CHECK:         ml_program.global_load @total
// CHECK:         scf.for
// CHECK-NEXT:      call @looped_k0_linear
// CHECK:         scf.if
// CHECK-NEXT:      call @looped_k1_exp
// CHECK:         ml_program.global_store @total
ml_program.global private mutable @total(dense<0.0> : tensor<4x8xf32>) : tensor<4x8xf32>
func.func @looped(%x: tensor<4x4xf32>, %w: tensor<8x4xf32>, %n: tensor<i64>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = ml_program.global_load @total : tensor<4x8xf32>
  %nv = tensor.extract %n[] : tensor<i64>
  %ni = arith.index_cast %nv : i64 to index
  %r = scf.for %i = %c0 to %ni step %c1 iter_args(%a = %t) -> (tensor<4x8xf32>) {
    %y = umc.linear %x, %w : (tensor<4x4xf32>, tensor<8x4xf32>) -> tensor<4x8xf32>
    scf.yield %y : tensor<4x8xf32>
  }
  %big = arith.cmpi sgt, %nv, %nv : i64
  %e = scf.if %big -> (tensor<4x8xf32>) {
    %z = umc.exp %r : tensor<4x8xf32>
    scf.yield %z : tensor<4x8xf32>
  } else {
    scf.yield %r : tensor<4x8xf32>
  }
  ml_program.global_store @total = %e : tensor<4x8xf32>
  return %e : tensor<4x8xf32>
}

// -----

// The ids of a umc.embedding that its kernel takes as an argument are
// checked by the runtime before the dispatch: umc.index_checks names the
// argument, the table's rows and the op. In a fused kernel the ids may be
// any argument. Ids the kernel computes itself are not an argument, and only
// clamped by the kernel.

// CHECK-LABEL: func.func private @embed_k0_embedding
// CHECK-SAME:    (%{{.*}}: tensor<2x3xi32> {bufferization.writable = false}, %{{.*}}: tensor<100x8xf32> {bufferization.writable = false}) -> tensor<2x3x8xf32>
// CHECK-SAME:    umc.index_checks = [{binding = 0 : i64, bound = 100 : i64, loc = "{{.*}}outline-kernels.mlir:[[@LINE+14]]:8", noun = "id", op = "umc.embedding", range = "the table's 100 rows"}]
// CHECK-LABEL: func.func private @embed_k1_fused_scaled_gather
// CHECK-SAME:    (%{{.*}}: tensor<2x3x8xf32> {bufferization.writable = false}, %{{.*}}: tensor<2x3xi64> {bufferization.writable = false}, %{{.*}}: tensor<7x8xf32> {bufferization.writable = false})
// CHECK-SAME:    umc.index_checks = [{binding = 1 : i64, bound = 7 : i64, loc = "{{.*}}outline-kernels.mlir:[[@LINE+14]]:10", noun = "id", op = "umc.embedding", range = "the table's 7 rows"}]
// CHECK-LABEL: func.func private @embed_k2_fused_computed_ids
// CHECK-NOT:     umc.index_checks
// CHECK-SAME:    umc.kernel = 2 : i64
// CHECK-LABEL: func.func @embed
// CHECK-NEXT:    call @embed_k0_embedding
// CHECK-NEXT:    call @embed_k1_fused_scaled_gather
// CHECK-NEXT:    call @embed_k2_fused_computed_ids
func.func @embed(%ids: tensor<2x3xi32>, %table: tensor<100x8xf32>,
                 %ids64: tensor<2x3xi64>, %small: tensor<7x8xf32>)
    -> (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) {
  %e = umc.embedding %ids, %table : (tensor<2x3xi32>, tensor<100x8xf32>) -> tensor<2x3x8xf32>
  %f = umc.fusion "scaled_gather" : tensor<2x3x8xf32> {
    %x = umc.exp %e : tensor<2x3x8xf32>
    %g = umc.embedding %ids64, %small : (tensor<2x3xi64>, tensor<7x8xf32>) -> tensor<2x3x8xf32>
    %s = umc.mul %x, %g : (tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
    umc.yield %s : tensor<2x3x8xf32>
  }
  %h = umc.fusion "computed_ids" : tensor<2x3x8xf32> {
    %i = umc.add %ids, %ids : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
    %j = umc.embedding %i, %table : (tensor<2x3xi32>, tensor<100x8xf32>) -> tensor<2x3x8xf32>
    umc.yield %j : tensor<2x3x8xf32>
  }
  return %e, %f, %h : tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>
}

// -----

// An update_slice's offset is checked like an embedding's ids: the range is
// the offsets at which the update fits, so an append past a cache's end
// fails the call instead of being clamped onto its last rows.

// CHECK-LABEL: func.func private @append_k0_update_slice
// CHECK-SAME:    umc.index_checks = [{binding = 2 : i64, bound = 13 : i64, loc = "{{.*}}outline-kernels.mlir:[[@LINE+4]]:8", noun = "offset", op = "umc.update_slice", range = "[0, 12], where 3 along axis 1 fit in 15"}]
// CHECK-LABEL: func.func @append
func.func @append(%cache: tensor<2x15x4xf32>, %kv: tensor<2x3x4xf32>,
                  %pos: tensor<i32>) -> tensor<2x15x4xf32> {
  %c = umc.update_slice %cache, %kv at %pos axis = -2 : (tensor<2x15x4xf32>, tensor<2x3x4xf32>, tensor<i32>) -> tensor<2x15x4xf32>
  return %c : tensor<2x15x4xf32>
}

// -----

// A splat constant the host program uses (a loop's zero start, a returned
// fill) becomes a tensor.splat, which the host program fills; the kernel
// that reads it gets its own copy of the constant.
// CHECK-LABEL: func.func @splat_constant_in_host
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[FILL:.*]] = tensor.splat %[[ZERO]] : tensor<4xf32>
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[FILL]])
// CHECK:         return
func.func @splat_constant_in_host(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zeros = arith.constant dense<0.0> : tensor<4xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zeros) -> (tensor<4xf32>) {
    %s = umc.add %acc, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Arithmetic on tensors belongs in umc ops, not in the host program.
func.func @foreign_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32>
  // expected-error @+1 {{'arith.addf' cannot run in an entry point: only umc ops, scf control flow, scalar arith, tensor.extract/from_elements/splat, ml_program state, reshapes and constants are allowed there}}
  %1 = arith.addf %0, %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

func.func @returned_constant(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{a tensor constant that is not a splat cannot be used by the host program (returned, reshaped, stored or carried by a loop); compute it in a umc op or pass it as an input}}
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = umc.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %c : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @reshaped_constant(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{a tensor constant that is not a splat cannot be used by the host program}}
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %r = umc.reshape %c : tensor<2x2xf32> -> tensor<4xf32>
  %0 = umc.add %x, %r : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{entry point 'two_blocks' must be a single block}}
func.func @two_blocks(%x: tensor<4xf32>) -> tensor<4xf32> {
  cf.br ^next
^next:
  %0 = umc.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
