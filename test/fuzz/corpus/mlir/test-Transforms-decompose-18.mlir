func.func @gated_add(%x: tensor<2x5x7xf32>, %y: tensor<2x5x7xf32>, %g: tensor<2x7xf32>) -> tensor<2x5x7xf32> {
  %0 = umc.gated_add %x, %y gate %g : (tensor<2x5x7xf32>, tensor<2x5x7xf32>, tensor<2x7xf32>) -> tensor<2x5x7xf32>
  return %0 : tensor<2x5x7xf32>
}
