func.func @group_norm_zero_groups(%x: tensor<2x32x4xf32>) {
  %0 = umc.group_norm %x groups = 0 : (tensor<2x32x4xf32>) -> tensor<2x32x4xf32>
  return
}
