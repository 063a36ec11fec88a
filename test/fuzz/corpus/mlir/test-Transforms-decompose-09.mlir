func.func @moe_swiglu(%x: tensor<37x16xf32>, %i: tensor<37x2xi64>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>, %w3: tensor<5x24x16xf32>) -> tensor<37x16xf32> {
  %0 = umc.moe %x, %i, %g experts(%w1, %w2, %w3) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi64>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
  return %0 : tensor<37x16xf32>
}
