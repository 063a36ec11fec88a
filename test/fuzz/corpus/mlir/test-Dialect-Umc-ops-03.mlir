func.func @norms(%x: tensor<2x8x32xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>,
                 %img: tensor<2x32x4x4xf32>) -> (tensor<2x8x32xf32>, tensor<2x32x4x4xf32>) {
  %0 = umc.layer_norm %x scale %g bias %b : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %1 = umc.layer_norm %0 eps = 1.0e-3 : (tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  %2 = umc.layer_norm %1 bias %b : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %3 = umc.rms_norm %2 scale %g eps = 1.0e-5 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %4 = umc.group_norm %img scale %g bias %b groups = 8 : (tensor<2x32x4x4xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x4x4xf32>
  return %3, %4 : tensor<2x8x32xf32>, tensor<2x32x4x4xf32>
}
