func.func @moe_float_ids(%x: tensor<37x16xf32>, %i: tensor<37x2xf32>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>) {
  %0 = umc.moe %x, %i, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xf32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return
}
