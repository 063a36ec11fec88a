// RUN: umc-opt %s -split-input-file --umc-cpu-pack-weights | FileCheck %s

// A linear of 32 rows whose weight is a parameter: the weight gets a packed
// state, filled by the params.derive function's pack kernel, and the
// kernel reads the state through the unpacking generic.
// CHECK-LABEL: memref.global "private" @packed.fc.weight : memref<3x64x16xf32> = dense<0.000000e+00>
// CHECK:       func.func @f(%[[X:.*]]: memref<32x64xf32>, %[[W:.*]]: memref<48x64xf32> {umc.param = "fc.weight", umc_host.init = "normal"}, %[[Y:.*]]: memref<32x48xf32>
// CHECK:         %[[P:.*]] = memref.get_global @packed.fc.weight : memref<3x64x16xf32>
// CHECK:         umc_host.dispatch @kernels::@f_k0_linear ins(%[[X]], %[[P]] : memref<32x64xf32>, memref<3x64x16xf32>)
// CHECK:       func.func private @f_k0_linear(%{{.*}}: tensor<32x64xf32>, %[[PK:.*]]: tensor<3x64x16xf32>) -> tensor<32x48xf32>
// CHECK:         %[[UNPACKED:.*]] = linalg.generic {indexing_maps = [#[[UNPACK:.*]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[PK]] : tensor<3x64x16xf32>) outs(%{{.*}} : tensor<48x64xf32>)
// CHECK:         umc.linear %{{.*}}, %[[UNPACKED]]
// CHECK:       func.func private @derive_k1_pack_weight(%{{.*}}: tensor<48x64xf32> {bufferization.writable = false}) -> tensor<3x64x16xf32>
// CHECK-SAME:      umc.kernel = 1 : i64, umc.source_ops = [{loc = "m.mlir:3:8", name = "umc.linear"}]
// CHECK:         linalg.generic {{.*}} attrs =  {umc.partition = #umc.partition<loops = 1>}
// CHECK:       func.func @umc_derive_params(%[[DW:.*]]: memref<48x64xf32> {umc.param = "fc.weight", umc_host.init = "normal"}) attributes {umc.role = "params.derive"}
// CHECK:         %[[DP:.*]] = memref.get_global @packed.fc.weight
// CHECK:         umc_host.dispatch @kernels::@derive_k1_pack_weight ins(%[[DW]] : memref<48x64xf32>) outs(%[[DP]] : memref<3x64x16xf32>)
module {
  func.func @f(%x: memref<32x64xf32>, %w: memref<48x64xf32> {umc.param = "fc.weight", umc_host.init = "normal"}, %y: memref<32x48xf32> {umc_host.result = 0 : i64}) {
    umc_host.dispatch @kernels::@f_k0_linear ins(%x, %w : memref<32x64xf32>, memref<48x64xf32>) outs(%y : memref<32x48xf32>)
    return
  }
  umc_host.executable @kernels {
    builtin.module {
      func.func private @f_k0_linear(%x: tensor<32x64xf32>, %w: tensor<48x64xf32>) -> tensor<32x48xf32> attributes {umc.kernel = 0 : i64, umc.flops = 196608 : i64, umc.source_ops = [{loc = "m.mlir:3:8", name = "umc.linear"}]} {
        %0 = umc.linear %x, %w : (tensor<32x64xf32>, tensor<48x64xf32>) -> tensor<32x48xf32>
        return %0 : tensor<32x48xf32>
      }
    }
  }
}
// CHECK: #[[UNPACK]] = affine_map<(d0, d1) -> (d0 floordiv 16, d1, d0 mod 16)>

// -----

// One weight read by a prompt's linear (32 rows) and a decode step's (1
// row, dot products that read the weight as it is): one packed state for
// the prompt; the decode step keeps the parameter.
// CHECK-LABEL: memref.global "private" @packed.fc.weight : memref<2x64x16xf32>
// CHECK:       func.func @prefill
// CHECK:         %[[P:.*]] = memref.get_global @packed.fc.weight
// CHECK:         umc_host.dispatch @kernels::@prefill_k0_linear ins(%{{.*}}, %[[P]] :
// CHECK:       func.func @decode(%{{.*}}: memref<1x64xf32>, %[[W:.*]]: memref<32x64xf32>
// CHECK-NOT:     memref.get_global
// CHECK:         umc_host.dispatch @kernels::@decode_k1_linear ins(%{{.*}}, %[[W]] :
// CHECK:       func.func private @decode_k1_linear(%[[DX:.*]]: tensor<1x64xf32>, %[[DW:.*]]: tensor<32x64xf32>)
// CHECK-NEXT:    umc.linear %[[DX]], %[[DW]]
// CHECK:       func.func @umc_derive_params(%{{.*}}: memref<32x64xf32> {umc.param = "fc.weight"})
// CHECK-COUNT-1: umc_host.dispatch
// CHECK-NEXT:    return
module {
  func.func @prefill(%x: memref<32x64xf32>, %w: memref<32x64xf32> {umc.param = "fc.weight"}, %y: memref<32x32xf32> {umc_host.result = 0 : i64}) {
    umc_host.dispatch @kernels::@prefill_k0_linear ins(%x, %w : memref<32x64xf32>, memref<32x64xf32>) outs(%y : memref<32x32xf32>)
    return
  }
  func.func @decode(%x: memref<1x64xf32>, %w: memref<32x64xf32> {umc.param = "fc.weight"}, %y: memref<1x32xf32> {umc_host.result = 0 : i64}) {
    umc_host.dispatch @kernels::@decode_k1_linear ins(%x, %w : memref<1x64xf32>, memref<32x64xf32>) outs(%y : memref<1x32xf32>)
    return
  }
  umc_host.executable @kernels {
    builtin.module {
      func.func private @prefill_k0_linear(%x: tensor<32x64xf32>, %w: tensor<32x64xf32>) -> tensor<32x32xf32> attributes {umc.kernel = 0 : i64, umc.flops = 0 : i64, umc.source_ops = [{loc = "m.mlir:3:8", name = "umc.linear"}]} {
        %0 = umc.linear %x, %w : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x32xf32>
        return %0 : tensor<32x32xf32>
      }
      func.func private @decode_k1_linear(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>) -> tensor<1x32xf32> attributes {umc.kernel = 1 : i64, umc.flops = 0 : i64, umc.source_ops = [{loc = "m.mlir:9:8", name = "umc.linear"}]} {
        %0 = umc.linear %x, %w : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
        return %0 : tensor<1x32xf32>
      }
    }
  }
}

// -----

// Left as they are: a width that is not a multiple of 16 (40), a weight
// that is an activation (not a parameter), and a kernel one of whose
// dispatches passes something other than a parameter.
// CHECK-LABEL: func.func @f
// CHECK-NOT:   memref.get_global
// CHECK-NOT:   linalg.generic
// CHECK-NOT:   umc_derive_params
module {
  func.func @f(%x: memref<32x64xf32>, %w40: memref<40x64xf32> {umc.param = "odd.weight"}, %w: memref<32x64xf32> {umc.param = "fc.weight"}, %y: memref<32x40xf32> {umc_host.result = 0 : i64}, %z: memref<32x32xf32> {umc_host.result = 1 : i64}, %v: memref<32x32xf32> {umc_host.result = 2 : i64}) {
    umc_host.dispatch @kernels::@f_k0_linear ins(%x, %w40 : memref<32x64xf32>, memref<40x64xf32>) outs(%y : memref<32x40xf32>)
    %a = memref.alloc() : memref<32x64xf32>
    umc_host.dispatch @kernels::@f_k1_linear ins(%x, %a : memref<32x64xf32>, memref<32x64xf32>) outs(%z : memref<32x32xf32>)
    umc_host.dispatch @kernels::@f_k1_linear ins(%x, %w : memref<32x64xf32>, memref<32x64xf32>) outs(%v : memref<32x32xf32>)
    return
  }
  umc_host.executable @kernels {
    builtin.module {
      func.func private @f_k0_linear(%x: tensor<32x64xf32>, %w: tensor<40x64xf32>) -> tensor<32x40xf32> attributes {umc.kernel = 0 : i64, umc.flops = 0 : i64, umc.source_ops = []} {
        %0 = umc.linear %x, %w : (tensor<32x64xf32>, tensor<40x64xf32>) -> tensor<32x40xf32>
        return %0 : tensor<32x40xf32>
      }
      func.func private @f_k1_linear(%x: tensor<32x64xf32>, %w: tensor<32x64xf32>) -> tensor<32x32xf32> attributes {umc.kernel = 1 : i64, umc.flops = 0 : i64, umc.source_ops = []} {
        %0 = umc.linear %x, %w : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x32xf32>
        return %0 : tensor<32x32xf32>
      }
    }
  }
}

// -----

// A module that writes its parameters (a training step keeps them as
// state) would leave a packed copy stale: nothing is packed.
// CHECK-LABEL: memref.global "private" @w : memref<32x64xf32> = dense<0.000000e+00> {umc.param = "fc.weight"}
// CHECK-NOT:   packed
// CHECK-NOT:   umc_derive_params
module {
  memref.global "private" @w : memref<32x64xf32> = dense<0.0> {umc.param = "fc.weight"}
  func.func @f(%x: memref<32x64xf32>, %w: memref<32x64xf32> {umc.param = "other.weight"}, %y: memref<32x32xf32> {umc_host.result = 0 : i64}) {
    umc_host.dispatch @kernels::@f_k0_linear ins(%x, %w : memref<32x64xf32>, memref<32x64xf32>) outs(%y : memref<32x32xf32>)
    return
  }
  umc_host.executable @kernels {
    builtin.module {
      func.func private @f_k0_linear(%x: tensor<32x64xf32>, %w: tensor<32x64xf32>) -> tensor<32x32xf32> attributes {umc.kernel = 0 : i64, umc.flops = 0 : i64, umc.source_ops = []} {
        %0 = umc.linear %x, %w : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x32xf32>
        return %0 : tensor<32x32xf32>
      }
    }
  }
}

// -----

// Left as they are: a batch of 4 x 8 rows (a workgroup's tile holds one
// entry's 8 rows, too few for the GEMM, which would leave the weight
// unpacked into every tile), and a linear over nothing (K = 0).
// CHECK-LABEL: func.func @f
// CHECK-NOT:   memref.get_global
// CHECK-NOT:   linalg.generic
// CHECK-NOT:   umc_derive_params
module {
  func.func @f(%x: memref<4x8x64xf32>, %w: memref<32x64xf32> {umc.param = "fc.weight"}, %e: memref<32x0xf32>, %w0: memref<48x0xf32> {umc.param = "empty.weight"}, %y: memref<4x8x32xf32> {umc_host.result = 0 : i64}, %z: memref<32x48xf32> {umc_host.result = 1 : i64}) {
    umc_host.dispatch @kernels::@f_k0_linear ins(%x, %w : memref<4x8x64xf32>, memref<32x64xf32>) outs(%y : memref<4x8x32xf32>)
    umc_host.dispatch @kernels::@f_k1_linear ins(%e, %w0 : memref<32x0xf32>, memref<48x0xf32>) outs(%z : memref<32x48xf32>)
    return
  }
  umc_host.executable @kernels {
    builtin.module {
      func.func private @f_k0_linear(%x: tensor<4x8x64xf32>, %w: tensor<32x64xf32>) -> tensor<4x8x32xf32> attributes {umc.kernel = 0 : i64, umc.flops = 0 : i64, umc.source_ops = []} {
        %0 = umc.linear %x, %w : (tensor<4x8x64xf32>, tensor<32x64xf32>) -> tensor<4x8x32xf32>
        return %0 : tensor<4x8x32xf32>
      }
      func.func private @f_k1_linear(%x: tensor<32x0xf32>, %w: tensor<48x0xf32>) -> tensor<32x48xf32> attributes {umc.kernel = 1 : i64, umc.flops = 0 : i64, umc.source_ops = []} {
        %0 = umc.linear %x, %w : (tensor<32x0xf32>, tensor<48x0xf32>) -> tensor<32x48xf32>
        return %0 : tensor<32x48xf32>
      }
    }
  }
}
