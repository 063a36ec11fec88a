// Tensors with a zero-size dimension compile (nothing to split into
// workgroups) and run.
// RUN: rm -rf %t && mkdir -p %t
// RUN: umc-compile %s -o %t/empty.umcb
// RUN: %python %S/../make-tensors.py npy %t/x.npy f32 0x16 --fill=zeros
// RUN: %python %S/../make-tensors.py npy %t/w.npy f32 32x16 --fill=random --seed=1
// RUN: umc-run call %t/empty.umcb --input=@%t/x.npy --input=@%t/w.npy | FileCheck %s
// CHECK: output 0: f32[0, 32]
func.func @empty_rows(%x: tensor<0x16xf32>, %w: tensor<32x16xf32>) -> tensor<0x32xf32> {
  %y = umc.linear %x, %w : (tensor<0x16xf32>, tensor<32x16xf32>) -> tensor<0x32xf32>
  %g = umc.gelu %y : tensor<0x32xf32>
  return %g : tensor<0x32xf32>
}
