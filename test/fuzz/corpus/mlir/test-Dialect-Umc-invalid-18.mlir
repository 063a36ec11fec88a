func.func @layer_norm_scale_shape(%x: tensor<2x32xf32>, %g: tensor<16xf32>) {
  %0 = umc.layer_norm %x scale %g : (tensor<2x32xf32>, tensor<16xf32>) -> tensor<2x32xf32>
  return
}
