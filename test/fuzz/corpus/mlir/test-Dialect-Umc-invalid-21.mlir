func.func @rms_norm_scale_shape(%x: tensor<2x32xf32>, %g: tensor<2x32xf32>) {
  %0 = umc.rms_norm %x scale %g : (tensor<2x32xf32>, tensor<2x32xf32>) -> tensor<2x32xf32>
  return
}
