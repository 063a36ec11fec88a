// RUN: umc-opt %s -split-input-file --umc-outline-kernels --umc-build-host-program --umc-deduplicate-kernels | FileCheck %s

// Two layers of the same linear share one kernel's code: the second is an
// alias of the first, with its own source op; its dispatch still names it.
// A gelu with another approximation and a linear of another shape keep
// their own kernels.
// CHECK-LABEL: func.func @two_layers
// CHECK:         umc_host.dispatch @kernels::@two_layers_k0_linear ins(%arg0, %arg1
// CHECK:         umc_host.dispatch @kernels::@two_layers_k1_gelu
// CHECK:         umc_host.dispatch @kernels::@two_layers_k2_linear ins(%{{.*}}, %arg2
// CHECK:         umc_host.dispatch @kernels::@two_layers_k3_gelu
// CHECK:         umc_host.dispatch @kernels::@two_layers_k4_linear
// CHECK:       umc_host.executable @kernels attributes {kernel_aliases = {two_layers_k2_linear = {same_as = "two_layers_k0_linear", source_ops = [{loc = "{{.*}}deduplicate-kernels.mlir:[[#@LINE+12]]:8", name = "umc.linear"}]}}}
// CHECK:         func.func private @two_layers_k0_linear
// CHECK-SAME:      umc.source_ops = [{loc = "{{.*}}deduplicate-kernels.mlir:[[#@LINE+8]]:8", name = "umc.linear"}]
// CHECK-NOT:     func.func private @two_layers_k2_linear
// CHECK:         func.func private @two_layers_k1_gelu
// CHECK:         func.func private @two_layers_k3_gelu
// CHECK:         func.func private @two_layers_k4_linear
func.func @two_layers(%x: tensor<4x8xf32>, %w0: tensor<8x8xf32>,
                      %w1: tensor<8x8xf32>, %w2: tensor<16x8xf32>)
    -> tensor<4x16xf32> {
  %a = umc.linear %x, %w0 : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %b = umc.gelu %a : tensor<4x8xf32>
  %c = umc.linear %b, %w1 : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %d = umc.gelu %c approximate = tanh : tensor<4x8xf32>
  %e = umc.linear %d, %w2 : (tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  return %e : tensor<4x16xf32>
}

// -----

// Kernels of two entry points are merged too: they share the executable.
// CHECK-LABEL: func.func @first
// CHECK:         umc_host.dispatch @kernels::@first_k0_exp
// CHECK-LABEL: func.func @second
// CHECK:         umc_host.dispatch @kernels::@second_k1_exp
// CHECK:       umc_host.executable @kernels attributes {kernel_aliases = {second_k1_exp = {same_as = "first_k0_exp"
// CHECK-NOT:     func.func private @second_k1_exp
func.func @first(%x: tensor<16xf32>) -> tensor<16xf32> {
  %y = umc.exp %x : tensor<16xf32>
  return %y : tensor<16xf32>
}
func.func @second(%x: tensor<16xf32>) -> tensor<16xf32> {
  %y = umc.exp %x : tensor<16xf32>
  return %y : tensor<16xf32>
}
