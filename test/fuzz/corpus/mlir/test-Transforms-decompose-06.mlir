func.func @timestep_embed(%t: tensor<3xf32>) -> tensor<3x8xf32> {
  %0 = umc.timestep_embed %t dim = 8 : (tensor<3xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
