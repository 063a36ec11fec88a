// The whole CPU pipeline on a linear whose width its column tiles do not
// divide (1376 columns in tiles of 160: the last holds 96): every tile,
// the last included, calls the packed GEMM on the weight packed at load,
// with no per-tile malloc to unpack it into and no GEMM that packs again.
//
// RUN: umc-compile %s --compile-to=llvm -o - | FileCheck %s

// CHECK-LABEL: llvm.func @f_k0_linear(
// CHECK-NOT:     llvm.call @malloc
// CHECK-NOT:     umc_ukernel_gemm_nt_f32
// CHECK:         llvm.call @umc_ukernel_gemm_packed_f32
// CHECK-NOT:     llvm.call @malloc
// CHECK-LABEL: llvm.func @umc_kernel_0(
func.func @f(%x: tensor<40x24xf32>,
             %w: tensor<1376x24xf32> {umc.param = "fc.weight"}) -> tensor<40x1376xf32> {
  %y = umc.linear %x, %w : (tensor<40x24xf32>, tensor<1376x24xf32>) -> tensor<40x1376xf32>
  return %y : tensor<40x1376xf32>
}
