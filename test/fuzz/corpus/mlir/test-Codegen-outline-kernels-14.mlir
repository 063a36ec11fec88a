func.func @reshaped_constant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %r = umc.reshape %c : tensor<2x2xf32> -> tensor<4xf32>
  %0 = umc.add %x, %r : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
