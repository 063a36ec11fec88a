func.func @group_norm_scale_shape(%x: tensor<2x32x4xf32>, %g: tensor<4xf32>) {
  %0 = umc.group_norm %x scale %g groups = 4 : (tensor<2x32x4xf32>, tensor<4xf32>) -> tensor<2x32x4xf32>
  return
}
