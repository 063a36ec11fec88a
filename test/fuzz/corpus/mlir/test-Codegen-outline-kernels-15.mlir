func.func @two_blocks(%x: tensor<4xf32>) -> tensor<4xf32> {
  cf.br ^next
^next:
  %0 = umc.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
