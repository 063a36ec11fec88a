func.func private @layer(%x: tensor<2x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %y = umc.linear %x, %w : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %z = umc.gelu %y : tensor<2x8xf32>
  return %z : tensor<2x8xf32>
}
func.func @model(%x: tensor<2x8xf32>,
                 %w0: tensor<8x8xf32> {umc.param = "layers.0.weight"},
                 %w1: tensor<8x8xf32> {umc.param = "layers.1.weight"}) -> tensor<2x8xf32> {
  %a = func.call @layer(%x, %w0) : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %b = func.call @layer(%a, %w1) : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return %b : tensor<2x8xf32>
}
