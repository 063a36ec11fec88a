// --remarks=fusion: one remark per candidate fusion that did not happen,
// with the reason, at the op; --fusion=false gives one kernel per op.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: umc-compile %s -o %t/fused.umcb --remarks=fusion 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: umc-run inspect %t/fused.umcb | FileCheck %s --check-prefix=FUSED
// RUN: umc-compile %s -o %t/unfused.umcb --fusion=false --remarks=fusion 2>&1 | FileCheck %s --allow-empty --check-prefix=NONE
// RUN: umc-run inspect %t/unfused.umcb | FileCheck %s --check-prefix=UNFUSED
// RUN: not umc-compile %s -o %t/bad.umcb --remarks=bogus 2>&1 | FileCheck %s --check-prefix=BAD
// --disable-fusion turns rules off by name, to measure each on its own.
// RUN: umc-compile %s -o %t/no-epilogue.umcb --disable-fusion=gemm_epilogue --remarks=fusion 2>&1 | FileCheck %s --check-prefix=DISABLED
// RUN: umc-run inspect %t/no-epilogue.umcb | FileCheck %s --check-prefix=NO-EPILOGUE
// RUN: not umc-compile %s -o %t/bad.umcb --disable-fusion=epilogue 2>&1 | FileCheck %s --check-prefix=BAD-RULE
// RUN: umc-compile %s -o %t/both.umcb --fusion=false --disable-fusion=gemm_epilogue 2>&1 | FileCheck %s --check-prefix=IGNORED
// IGNORED: umc-compile: warning: --disable-fusion has no effect with --fusion=false (no rule runs)

// REMARK: remarks.mlir:[[@LINE+20]]:8: remark: not fused: umc.linear would recompute the reduction of umc.layer_norm for every output tile
// REMARK: remarks.mlir:[[@LINE+18]]:8: remark: not fused: umc.add result has 2 users
// NONE-NOT: remark

// FUSED:      kernels (2):
// FUSED-NEXT:   block_tail_k0_fused_residual_norm  umc.add @ {{.*}}remarks.mlir:[[@LINE+14]]:8  umc.layer_norm @ {{.*}}remarks.mlir:[[@LINE+15]]:8
// FUSED-NEXT:   block_tail_k1_fused_gemm_epilogue  umc.linear @ {{.*}}remarks.mlir:[[@LINE+15]]:8  umc.gelu @ {{.*}}remarks.mlir:[[@LINE+16]]:8  umc.add @ {{.*}}remarks.mlir:[[@LINE+17]]:8
// FUSED-EMPTY:
// UNFUSED: kernels (5):

// BAD: Cannot find option named 'bogus'
// DISABLED: remarks.mlir:[[@LINE+10]]:8: remark: not fused: the gemm_epilogue rule is disabled
// NO-EPILOGUE:      kernels (3):
// NO-EPILOGUE-NEXT:   block_tail_k0_fused_residual_norm
// NO-EPILOGUE-NEXT:   block_tail_k1_linear
// NO-EPILOGUE-NEXT:   block_tail_k2_fused_elementwise  umc.gelu @ {{.*}}  umc.add @
// BAD-RULE: umc-compile: --disable-fusion: there is no fusion rule 'epilogue'; the rules: norm_activation, activation_norm, residual_norm, gemm_epilogue, elementwise

func.func @block_tail(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  %p = umc.linear %n, %w, %b : (tensor<8x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %g = umc.gelu %p : tensor<8x64xf32>
  %r = umc.add %h, %g : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %r : tensor<8x64xf32>
}
