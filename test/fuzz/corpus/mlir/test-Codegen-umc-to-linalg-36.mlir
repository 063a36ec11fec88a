func.func @mean_keep_dim(%x: tensor<2x7x5xbf16>) -> tensor<2x1x5xbf16> {
  %0 = umc.mean %x axis = 1 keep_dim : tensor<2x7x5xbf16> -> tensor<2x1x5xbf16>
  return %0 : tensor<2x1x5xbf16>
}
