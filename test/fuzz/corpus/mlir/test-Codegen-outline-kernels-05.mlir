func.func @dead(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant dense<2.0> : tensor<4xf32>
  %0 = umc.exp %x : tensor<4xf32>
  return %x : tensor<4xf32>
}
