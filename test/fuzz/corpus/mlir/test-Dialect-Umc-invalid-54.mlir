func.func @slice_lengths(%x: tensor<2x8xf32>) {
  %0 = umc.slice %x offsets = [0] sizes = [2, 4] : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}
