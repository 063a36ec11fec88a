func.func @group_norm_groups(%x: tensor<2x30x4xf32>) {
  %0 = umc.group_norm %x groups = 4 : (tensor<2x30x4xf32>) -> tensor<2x30x4xf32>
  return
}
