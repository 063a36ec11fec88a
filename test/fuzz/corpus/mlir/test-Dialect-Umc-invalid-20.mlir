func.func @layer_norm_negative_eps(%x: tensor<2x32xf32>) {
  %0 = umc.layer_norm %x eps = -1.0 : (tensor<2x32xf32>) -> tensor<2x32xf32>
  return
}
