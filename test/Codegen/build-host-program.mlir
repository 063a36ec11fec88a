// RUN: umc-opt %s -split-input-file --umc-build-host-program --verify-diagnostics | FileCheck %s

// A kernel whose result is returned, reshaped, writes the output through a
// reinterpretation; an input returned as it is and a value returned twice
// are copied. Parameters record how they start without a checkpoint.

// CHECK-LABEL: func.func @straight
// CHECK-SAME:    %[[X:[^:]*]]: memref<4x8xf32>,
// CHECK-SAME:    memref<8x8xf32> {umc.param = "w", umc_host.init = "normal"}
// CHECK-SAME:    memref<8xf32> {umc.param = "b", umc_host.init = "zeros"}
// CHECK-SAME:    %[[OUT0:[^:]*]]: memref<32xf32> {umc_host.result = 0 : i64}
// CHECK-SAME:    %[[OUT1:[^:]*]]: memref<4x8xf32> {umc_host.result = 1 : i64}
// CHECK-SAME:    %[[OUT2:[^:]*]]: memref<32xf32> {umc_host.result = 2 : i64}
// CHECK-NEXT:    %[[VIEW:.*]] = umc_host.reinterpret %[[OUT0]] : memref<32xf32> to memref<4x8xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@straight_k0_linear ins(%[[X]], {{.*}}) outs(%[[VIEW]] : memref<4x8xf32>)
// CHECK-NEXT:    %[[FLAT:.*]] = umc_host.reinterpret %[[VIEW]] : memref<4x8xf32> to memref<32xf32>
// CHECK-NEXT:    memref.copy %[[X]], %[[OUT1]]
// CHECK-NEXT:    memref.copy %[[FLAT]], %[[OUT2]]
// CHECK-NEXT:    return
// CHECK:       umc_host.executable @kernels {
// CHECK-NEXT:    builtin.module {
// CHECK-NEXT:      func.func private @straight_k0_linear
func.func @straight(%x: tensor<4x8xf32>, %w: tensor<8x8xf32> {umc.param = "w"}, %b: tensor<8xf32> {umc.param = "b"}) -> (tensor<32xf32>, tensor<4x8xf32>, tensor<32xf32>) {
  %0 = func.call @straight_k0_linear(%x, %w, %b) : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = umc.reshape %0 : tensor<4x8xf32> -> tensor<32xf32>
  return %1, %x, %1 : tensor<32xf32>, tensor<4x8xf32>, tensor<32xf32>
}
func.func private @straight_k0_linear(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.linear %x, %w, %b : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// A kernel's index checks move onto its dispatches: the runtime makes them
// where it dispatches, whatever back end compiled the kernel.

// CHECK-LABEL: func.func @embed
// CHECK:         umc_host.dispatch @kernels::@embed_k0_embedding ins(%{{.*}}, %{{.*}} : memref<2x3xi32>, memref<10x4xf32>) outs(%{{.*}} : memref<2x3x4xf32>) {umc.index_checks = [{binding = 0 : i64, bound = 10 : i64, loc = "m.mlir:2:8", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}
// CHECK:         func.func private @embed_k0_embedding({{.*}}) -> tensor<2x3x4xf32> attributes {umc.kernel = 0 : i64} {
func.func @embed(%ids: tensor<2x3xi32>, %t: tensor<10x4xf32>) -> tensor<2x3x4xf32> {
  %0 = func.call @embed_k0_embedding(%ids, %t) : (tensor<2x3xi32>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func private @embed_k0_embedding(%ids: tensor<2x3xi32>, %t: tensor<10x4xf32>) -> tensor<2x3x4xf32> attributes {umc.index_checks = [{binding = 0 : i64, bound = 10 : i64, loc = "m.mlir:2:8", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}], umc.kernel = 0 : i64} {
  %0 = umc.embedding %ids, %t : (tensor<2x3xi32>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A loop whose trip count is an input: the carried tensor gets a buffer,
// the init is copied in, each iteration's result copied back; the scalar
// stays a register.

// CHECK-LABEL: func.func @repeat
// CHECK-SAME:    (%[[X:[^:]*]]: memref<4xf32>, %[[N:[^:]*]]: memref<i64>, %[[OUT:[^:]*]]: memref<4xf32> {umc_host.result = 0 : i64})
// CHECK:         %[[NV:.*]] = memref.load %[[N]][] : memref<i64>
// CHECK-NEXT:    %[[UB:.*]] = arith.index_cast %[[NV]] : i64 to index
// CHECK-NEXT:    %[[CARRIED:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[X]], %[[CARRIED]]
// CHECK-NEXT:    scf.for %{{.*}} = %{{.*}} to %[[UB]] step %{{.*}} {
// CHECK-NEXT:      %[[NEXT:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      umc_host.dispatch @kernels::@repeat_k0_add ins(%[[CARRIED]] : memref<4xf32>) outs(%[[NEXT]] : memref<4xf32>)
// CHECK-NEXT:      memref.copy %[[NEXT]], %[[CARRIED]]
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.copy %[[CARRIED]], %[[OUT]]
func.func @repeat(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %nv = tensor.extract %n[] : tensor<i64>
  %ni = arith.index_cast %nv : i64 to index
  %r = scf.for %i = %c0 to %ni step %c1 iter_args(%a = %x) -> (tensor<4xf32>) {
    %y = func.call @repeat_k0_add(%a) : (tensor<4xf32>) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @repeat_k0_add(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A while loop that stops on a value a kernel computed: the condition reads
// it with memref.load; what the condition forwards gets a buffer of its own.

// CHECK-LABEL: func.func @grow
// CHECK:         %[[BEFORE:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    %[[AFTER:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.copy %{{.*}}, %[[BEFORE]]
// CHECK-NEXT:    %[[STEPS:.*]] = scf.while (%[[K:.*]] = %{{.*}}) : (i64) -> i64 {
// CHECK-NEXT:      %[[E:.*]] = memref.load %[[BEFORE]][%{{.*}}] : memref<4xf32>
// CHECK-NEXT:      %[[GO:.*]] = arith.cmpf ole, %[[E]], %{{.*}} : f32
// CHECK-NEXT:      memref.copy %[[BEFORE]], %[[AFTER]]
// CHECK-NEXT:      scf.condition(%[[GO]]) %[[K]] : i64
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[K2:.*]]: i64):
// CHECK-NEXT:      %[[Y:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      umc_host.dispatch @kernels::@grow_k0_add ins(%[[AFTER]] : memref<4xf32>) outs(%[[Y]] : memref<4xf32>)
// CHECK-NEXT:      %[[K3:.*]] = arith.addi %[[K2]], %{{.*}} : i64
// CHECK-NEXT:      memref.copy %[[Y]], %[[BEFORE]]
// CHECK-NEXT:      scf.yield %[[K3]] : i64
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[PACKED:.*]] = memref.alloc() : memref<i64>
// CHECK-NEXT:    memref.store %[[STEPS]], %[[PACKED]][] : memref<i64>
func.func @grow(%x: tensor<4xf32>, %limit: tensor<f32>) -> (tensor<4xf32>, tensor<i64>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %l = tensor.extract %limit[] : tensor<f32>
  %r:2 = scf.while (%v = %x, %k = %zero) : (tensor<4xf32>, i64) -> (tensor<4xf32>, i64) {
    %e = tensor.extract %v[%c0] : tensor<4xf32>
    %go = arith.cmpf ole, %e, %l : f32
    scf.condition(%go) %v, %k : tensor<4xf32>, i64
  } do {
  ^bb0(%v: tensor<4xf32>, %k: i64):
    %y = func.call @grow_k0_add(%v) : (tensor<4xf32>) -> tensor<4xf32>
    %k1 = arith.addi %k, %one : i64
    scf.yield %y, %k1 : tensor<4xf32>, i64
  }
  %steps = tensor.from_elements %r#1 : tensor<i64>
  return %r#0, %steps : tensor<4xf32>, tensor<i64>
}
func.func private @grow_k0_add(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A branch: each side copies its result into the branch's buffer. A splat
// of a host scalar is a fill.

// CHECK-LABEL: func.func @choose
// CHECK:         %[[R:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    scf.if %{{.*}} {
// CHECK-NEXT:      %[[E:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      umc_host.dispatch @kernels::@choose_k0_exp ins(%{{.*}}) outs(%[[E]] : memref<4xf32>)
// CHECK-NEXT:      memref.copy %[[E]], %[[R]]
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[S:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      umc_host.fill %[[S]], %{{.*}} : memref<4xf32>, f32
// CHECK-NEXT:      memref.copy %[[S]], %[[R]]
// CHECK-NEXT:    }
func.func @choose(%x: tensor<4xf32>, %flag: tensor<i1>, %v: tensor<f32>) -> tensor<4xf32> {
  %c = tensor.extract %flag[] : tensor<i1>
  %s = tensor.extract %v[] : tensor<f32>
  %r = scf.if %c -> (tensor<4xf32>) {
    %e = func.call @choose_k0_exp(%x) : (tensor<4xf32>) -> tensor<4xf32>
    scf.yield %e : tensor<4xf32>
  } else {
    %f = tensor.splat %s : tensor<4xf32>
    scf.yield %f : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @choose_k0_exp(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Two carried tensors that swap every iteration are copied through
// temporaries, so neither is overwritten before it is read.

// CHECK-LABEL: func.func @swap
// CHECK:         %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         scf.for
// CHECK-NEXT:      %[[TA:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      memref.copy %[[B]], %[[TA]]
// CHECK-NEXT:      %[[TB:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:      memref.copy %[[A]], %[[TB]]
// CHECK-NEXT:      memref.copy %[[TA]], %[[A]]
// CHECK-NEXT:      memref.copy %[[TB]], %[[B]]
func.func @swap(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r:2 = scf.for %i = %c0 to %c5 step %c1 iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<4xf32>) {
    scf.yield %b, %a : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0 : tensor<4xf32>
}

// -----

// State: a load is a view of the state; a kernel whose result is only
// stored writes the state directly; a result that is also returned is
// written to the output and copied into the state.

// CHECK:       memref.global "private" @total : memref<4xf32> = dense<0.000000e+00>
// CHECK-LABEL: func.func @accumulate
// CHECK-SAME:    (%[[X:[^:]*]]: memref<4xf32>, %[[OUT:[^:]*]]: memref<4xf32> {umc_host.result = 0 : i64})
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @total : memref<4xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@acc_k0_add ins(%[[S]], %[[X]] : memref<4xf32>, memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NEXT:    %[[S2:.*]] = memref.get_global @total : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[OUT]], %[[S2]]
// CHECK-LABEL: func.func @reset
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @total : memref<4xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@reset_k0_exp ins(%{{.*}}) outs(%[[S]] : memref<4xf32>)
// CHECK-NEXT:    return
ml_program.global private mutable @total(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @accumulate(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = ml_program.global_load @total : tensor<4xf32>
  %b = func.call @acc_k0_add(%a, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  ml_program.global_store @total = %b : tensor<4xf32>
  return %b : tensor<4xf32>
}
func.func @reset(%x: tensor<4xf32>) {
  %e = func.call @reset_k0_exp(%x) : (tensor<4xf32>) -> tensor<4xf32>
  ml_program.global_store @total = %e : tensor<4xf32>
  return
}
func.func private @acc_k0_add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @reset_k0_exp(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 1 : i64} {
  %0 = umc.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A value loaded from state and still needed after the state is stored is
// copied when it is loaded.

// CHECK-LABEL: func.func @exchange
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @slot : memref<4xf32>
// CHECK-NEXT:    %[[OLD:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[S]], %[[OLD]]
// CHECK-NEXT:    %[[S2:.*]] = memref.get_global @slot : memref<4xf32>
// CHECK-NEXT:    memref.copy %{{.*}}, %[[S2]]
// CHECK-NEXT:    memref.copy %[[OLD]], %{{.*}}
ml_program.global private mutable @slot(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @exchange(%x: tensor<4xf32>) -> tensor<4xf32> {
  %old = ml_program.global_load @slot : tensor<4xf32>
  ml_program.global_store @slot = %x : tensor<4xf32>
  return %old : tensor<4xf32>
}

// -----

// expected-error @+1 {{state starts at zero: give it the value dense<0> (other initial values are not supported yet)}}
ml_program.global private mutable @ones(dense<1.0> : tensor<4xf32>) : tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{state must be mutable; pass constants to the function or compute them in a umc op}}
ml_program.global private @fixed(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{no entry point: the module has no public function with a body}}
module {
  func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// A state read and rewritten by an elementwise kernel is updated in place:
// the kernel reads the state for the last time and writes its result over
// it (the kernel is marked so that the ABI does not call the two bindings
// noalias). A kernel that is not elementwise gets a fresh buffer and a copy.

// CHECK-LABEL: func.func @bump
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @counts : memref<8xf32>
// CHECK-NEXT:    %[[S2:.*]] = memref.get_global @counts : memref<8xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@bump_k0_add ins(%[[S]], %{{.*}}) outs(%[[S2]] : memref<8xf32>)
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @normalize
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @counts : memref<8xf32>
// CHECK-NEXT:    %[[T:.*]] = memref.alloc() : memref<8xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@normalize_k0_softmax ins(%[[S]] : memref<8xf32>) outs(%[[T]] : memref<8xf32>)
// CHECK-NEXT:    %[[S2:.*]] = memref.get_global @counts : memref<8xf32>
// CHECK-NEXT:    memref.copy %[[T]], %[[S2]]
// CHECK:       func.func private @bump_k0_add
// CHECK-SAME:    umc.in_place_operand = 0 : i64
// CHECK:       func.func private @normalize_k0_softmax
// CHECK-NOT:     umc.in_place_operand
ml_program.global private mutable @counts(dense<0.0> : tensor<8xf32>) : tensor<8xf32>
func.func @bump(%x: tensor<8xf32>) {
  %s = ml_program.global_load @counts : tensor<8xf32>
  %n = func.call @bump_k0_add(%s, %x) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  ml_program.global_store @counts = %n : tensor<8xf32>
  return
}
func.func @normalize() {
  %s = ml_program.global_load @counts : tensor<8xf32>
  %n = func.call @normalize_k0_softmax(%s) : (tensor<8xf32>) -> tensor<8xf32>
  ml_program.global_store @counts = %n : tensor<8xf32>
  return
}
func.func private @bump_k0_add(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.add %a, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func private @normalize_k0_softmax(%a: tensor<8xf32>) -> tensor<8xf32> attributes {umc.kernel = 1 : i64} {
  %0 = umc.softmax %a {axis = 0 : i64} : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// A KV cache appended to in place: the update_slice kernel writes over the
// state it reads for the last time, and the attention-like reader after it
// reads the state, so nothing is copied. With a second store to the state,
// a reader between the first write and its store could see the second: the
// result gets a buffer of its own and is copied.

// CHECK-LABEL: func.func @append
// CHECK-NEXT:    %[[S:.*]] = memref.get_global @cache : memref<2x8xf32>
// CHECK-NEXT:    %[[S2:.*]] = memref.get_global @cache : memref<2x8xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@append_k0_update_slice ins(%[[S]], %{{.*}}, %{{.*}} : memref<2x8xf32>, memref<2x1xf32>, memref<i32>) outs(%[[S2]] : memref<2x8xf32>)
// CHECK:         umc_host.dispatch @kernels::@append_k1_reduce ins(%[[S2]] : memref<2x8xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return
// CHECK-LABEL: func.func @append_twice
// CHECK:         umc_host.dispatch @kernels::@append_k0_update_slice
// CHECK-SAME:      outs(%[[T:[^ ]*]] :
// CHECK:         memref.copy %[[T]]
// CHECK:       func.func private @append_k0_update_slice
// CHECK-SAME:    umc.in_place_operand = 0 : i64
ml_program.global private mutable @cache(dense<0.0> : tensor<2x8xf32>) : tensor<2x8xf32>
func.func @append(%kv: tensor<2x1xf32>, %pos: tensor<i32>) -> tensor<2xf32> {
  %c = ml_program.global_load @cache : tensor<2x8xf32>
  %n = func.call @append_k0_update_slice(%c, %kv, %pos) : (tensor<2x8xf32>, tensor<2x1xf32>, tensor<i32>) -> tensor<2x8xf32>
  %r = func.call @append_k1_reduce(%n) : (tensor<2x8xf32>) -> tensor<2xf32>
  ml_program.global_store @cache = %n : tensor<2x8xf32>
  return %r : tensor<2xf32>
}
func.func @append_twice(%kv: tensor<2x1xf32>, %pos: tensor<i32>) -> tensor<2xf32> {
  %c = ml_program.global_load @cache : tensor<2x8xf32>
  %n = func.call @append_k0_update_slice(%c, %kv, %pos) : (tensor<2x8xf32>, tensor<2x1xf32>, tensor<i32>) -> tensor<2x8xf32>
  %r = func.call @append_k1_reduce(%n) : (tensor<2x8xf32>) -> tensor<2xf32>
  ml_program.global_store @cache = %n : tensor<2x8xf32>
  %c2 = ml_program.global_load @cache : tensor<2x8xf32>
  %n2 = func.call @append_k0_update_slice(%c2, %kv, %pos) : (tensor<2x8xf32>, tensor<2x1xf32>, tensor<i32>) -> tensor<2x8xf32>
  ml_program.global_store @cache = %n2 : tensor<2x8xf32>
  return %r : tensor<2xf32>
}
func.func private @append_k0_update_slice(%c: tensor<2x8xf32>, %kv: tensor<2x1xf32>, %pos: tensor<i32>) -> tensor<2x8xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.update_slice %c, %kv at %pos axis = 1 : (tensor<2x8xf32>, tensor<2x1xf32>, tensor<i32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
func.func private @append_k1_reduce(%c: tensor<2x8xf32>) -> tensor<2xf32> attributes {umc.kernel = 1 : i64} {
  %0 = umc.sum %c axis = 1 : tensor<2x8xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
