func.func @gemm_epilogue(%x: tensor<4x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>, %res: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %y = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %a = umc.gelu %y : tensor<4x32xf32>
  %r = umc.add %a, %res : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}
