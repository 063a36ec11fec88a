func.func @slice_strided(%x: tensor<2x8x32xf32>) -> tensor<2x2x16xf32> {
  %0 = umc.slice %x offsets = [0, 4, 1] sizes = [2, 2, 16] strides = [1, 2, 2] : tensor<2x8x32xf32> -> tensor<2x2x16xf32>
  return %0 : tensor<2x2x16xf32>
}
