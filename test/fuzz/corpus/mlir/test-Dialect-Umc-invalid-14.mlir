func.func @matmul_types(%a: tensor<8x16xf32>, %b: tensor<16x4xf16>) {
  %0 = umc.matmul %a, %b : (tensor<8x16xf32>, tensor<16x4xf16>) -> tensor<8x4xf32>
  return
}
