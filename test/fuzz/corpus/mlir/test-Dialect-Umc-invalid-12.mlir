func.func @matmul_contracted(%a: tensor<8x16xf32>, %b: tensor<8x4xf32>) {
  %0 = umc.matmul %a, %b : (tensor<8x16xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return
}
