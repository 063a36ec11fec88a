func.func @diffusion_step_heun_first(%x: tensor<4xf32>, %t: tensor<f32>) {
  %0 = umc.diffusion_step %x, %x at %t to %t sampler = flow_heun : (tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}
