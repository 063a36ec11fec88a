func.func @split_one_piece(%x: tensor<5xf32>) -> tensor<5xf32> {
  %0 = umc.split %x axis = 0 : tensor<5xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
