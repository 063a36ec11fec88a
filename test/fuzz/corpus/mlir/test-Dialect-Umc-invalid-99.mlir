func.func @timestep_embed_odd(%t: tensor<2xf32>) {
  %0 = umc.timestep_embed %t dim = 7 : (tensor<2xf32>) -> tensor<2x7xf32>
  return
}
