func.func @diffusion(%t: tensor<2xf32>, %x: tensor<2x16x64xf32>, %s: tensor<2x64xf32>, %img: tensor<2x4x8x8xf32>, %v: tensor<2x4x8x8xf32>, %w: tensor<f32>, %t0: tensor<f32>, %t1: tensor<f32>) -> (tensor<2x256xf32>, tensor<2x16x64xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>) {
  %0 = umc.timestep_embed %t dim = 256 max_period = 1.0e+03 : (tensor<2xf32>) -> tensor<2x256xf32>
  %1 = umc.modulate %x shift %s scale %s : (tensor<2x16x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x16x64xf32>
  %2 = umc.diffusion_step %img, %v uncond %v guidance %w at %t0 to %t1 sampler = flow_euler : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  %3 = umc.diffusion_step %img, %v first %v at %t0 to %t1 sampler = flow_heun : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<f32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  return %0, %1, %2, %3 : tensor<2x256xf32>, tensor<2x16x64xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>
}
