func.func @group_norm(%x: tensor<2x32x4x4xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>) -> tensor<2x32x4x4xf32> {
  %0 = umc.group_norm %x scale %g bias %b groups = 8 : (tensor<2x32x4x4xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x4x4xf32>
  return %0 : tensor<2x32x4x4xf32>
}
