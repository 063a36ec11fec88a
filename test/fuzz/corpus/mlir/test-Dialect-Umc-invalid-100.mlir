func.func @modulate_shape(%x: tensor<2x16x64xf32>, %s: tensor<2x32xf32>) {
  %0 = umc.modulate %x shift %s scale %s : (tensor<2x16x64xf32>, tensor<2x32xf32>, tensor<2x32xf32>) -> tensor<2x16x64xf32>
  return
}
