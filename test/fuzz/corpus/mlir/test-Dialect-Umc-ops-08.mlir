func.func @params(%x: tensor<2x4xf32>, %w: tensor<8x4xf32> {umc.param = "fc.weight"},
                  %b: tensor<8xf32> {umc.param = "fc.bias"}) -> tensor<2x8xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<2x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
