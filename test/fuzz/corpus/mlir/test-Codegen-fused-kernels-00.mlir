func.func @residual(%x: tensor<2x6x64xf32>, %d: tensor<2x6x64xf32>) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>) {
  %h = umc.add %x, %d : (tensor<2x6x64xf32>, tensor<2x6x64xf32>) -> tensor<2x6x64xf32>
  %n = umc.layer_norm %h : (tensor<2x6x64xf32>) -> tensor<2x6x64xf32>
  return %h, %n : tensor<2x6x64xf32>, tensor<2x6x64xf32>
}
