func.func @gated_add_gate_shape(%x: tensor<2x16x64xf32>, %g: tensor<2x1x64xf32>) {
  %0 = umc.gated_add %x, %x gate %g : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x1x64xf32>) -> tensor<2x16x64xf32>
  return
}
