func.func @slice_zero_stride(%x: tensor<2x8xf32>) {
  %0 = umc.slice %x offsets = [0, 0] sizes = [2, 4] strides = [1, 0] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}
