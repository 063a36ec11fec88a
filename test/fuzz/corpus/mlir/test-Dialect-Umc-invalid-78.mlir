func.func @mean_result(%x: tensor<2x7xf32>) {
  %0 = umc.mean %x axis = 1 keep_dim : tensor<2x7xf32> -> tensor<2xf32>
  return
}
