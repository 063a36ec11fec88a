func.func @partial_slice(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = umc.slice %x offsets = [0, 1] sizes = [2, 2] : tensor<2x3xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
