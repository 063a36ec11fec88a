func.func @diffusion_step_shape(%x: tensor<4xf32>, %p: tensor<5xf32>, %t: tensor<f32>) {
  %0 = umc.diffusion_step %x, %p at %t to %t sampler = ddim : (tensor<4xf32>, tensor<5xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}
