// RUN: umc-opt %s -split-input-file --umc-plan-host-memory --verify-diagnostics | FileCheck %s

// Buffers whose lifetimes do not meet share bytes; the arena is as large as
// the most that is live at once. A buffer read through a reinterpretation
// lives as long as the view is used.

// CHECK-LABEL: func.func @chain
// CHECK-SAME:    attributes {umc_host.arena_bytes = 128 : i64}
// CHECK-NEXT:    %[[A:.*]] = umc_host.arena_view [0] : memref<16xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@k0 ins(%{{.*}}) outs(%[[A]] : memref<16xf32>)
// CHECK-NEXT:    %[[B:.*]] = umc_host.arena_view [64] : memref<16xf32>
// CHECK-NEXT:    %[[AV:.*]] = umc_host.reinterpret %[[A]]
// CHECK-NEXT:    umc_host.dispatch @kernels::@k1 ins(%[[AV]] : memref<4x4xf32>) outs(%[[B]] : memref<16xf32>)
// CHECK-NEXT:    %[[C:.*]] = umc_host.arena_view [0] : memref<16xf32>
// CHECK-NEXT:    umc_host.dispatch @kernels::@k0 ins(%[[B]] : memref<16xf32>) outs(%[[C]] : memref<16xf32>)
func.func @chain(%x: memref<16xf32>, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  %a = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  %av = umc_host.reinterpret %a : memref<16xf32> to memref<4x4xf32>
  umc_host.dispatch @kernels::@k1 ins(%av : memref<4x4xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}
umc_host.executable @kernels {
  builtin.module {
    func.func private @k0(%x: tensor<16xf32>) -> tensor<16xf32> {
      %y = umc.exp %x : tensor<16xf32>
      return %y : tensor<16xf32>
    }
    func.func private @k1(%x: tensor<4x4xf32>) -> tensor<16xf32> {
      %y = umc.reshape %x : tensor<4x4xf32> -> tensor<16xf32>
      return %y : tensor<16xf32>
    }
  }
}

// -----

// A buffer made before a loop and used in it lives to the loop's end: the
// loop may use it again. A buffer made inside the loop body and dead before
// its end may share bytes with one made after the loop.

// CHECK-LABEL: func.func @looped
// CHECK-SAME:    attributes {umc_host.arena_bytes = 128 : i64}
// CHECK:         %[[CARRIED:.*]] = umc_host.arena_view [0] : memref<16xf32>
// CHECK:         scf.for
// CHECK-NEXT:      %[[TEMP:.*]] = umc_host.arena_view [64] : memref<16xf32>
// CHECK:         %[[AFTER:.*]] = umc_host.arena_view [64] : memref<16xf32>
func.func @looped(%x: memref<16xf32>, %n: index, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %carried = memref.alloc() : memref<16xf32>
  memref.copy %x, %carried : memref<16xf32> to memref<16xf32>
  scf.for %i = %c0 to %n step %c1 {
    %temp = memref.alloc() : memref<16xf32>
    umc_host.dispatch @kernels::@k0 ins(%carried : memref<16xf32>) outs(%temp : memref<16xf32>)
    memref.copy %temp, %carried : memref<16xf32> to memref<16xf32>
  }
  %after = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%carried : memref<16xf32>) outs(%after : memref<16xf32>)
  memref.copy %after, %out : memref<16xf32> to memref<16xf32>
  return
}
umc_host.executable @kernels {
  builtin.module {
    func.func private @k0(%x: tensor<16xf32>) -> tensor<16xf32> {
      %y = umc.exp %x : tensor<16xf32>
      return %y : tensor<16xf32>
    }
  }
}

// -----

// A function without temporaries needs no arena.

// CHECK-LABEL: func.func @none
// CHECK-SAME:    attributes {umc_host.arena_bytes = 0 : i64}
func.func @none(%x: memref<16xf32>, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  memref.copy %x, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

func.func @dynamic(%n: index) {
  // expected-error @+1 {{host buffers have static shapes and contiguous layouts, got 'memref<?xf32>'}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
