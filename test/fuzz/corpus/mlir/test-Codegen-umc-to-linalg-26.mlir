func.func @slice_leading_chunk(%x: tensor<2x24xf32>) -> tensor<2x7xf32> {
  %0 = umc.slice %x offsets = [0, 0] sizes = [2, 7] : tensor<2x24xf32> -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}
