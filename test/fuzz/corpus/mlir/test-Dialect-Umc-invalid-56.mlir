func.func @slice_bounds(%x: tensor<2x8xf32>) {
  %0 = umc.slice %x offsets = [0, 2] sizes = [2, 4] strides = [1, 2] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}
