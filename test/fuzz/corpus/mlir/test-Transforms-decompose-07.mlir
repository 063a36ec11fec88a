func.func @flow_euler_guided(%x: tensor<4xf32>, %c: tensor<4xf32>, %u: tensor<4xf32>, %w: tensor<f32>, %t0: tensor<f32>, %t1: tensor<f32>) -> tensor<4xf32> {
  %0 = umc.diffusion_step %x, %c uncond %u guidance %w at %t0 to %t1 sampler = flow_euler : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
