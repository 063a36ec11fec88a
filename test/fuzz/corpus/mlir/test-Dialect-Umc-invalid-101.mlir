func.func @diffusion_step_half_guidance(%x: tensor<4xf32>, %w: tensor<f32>) {
  %0 = "umc.diffusion_step"(%x, %x, %w, %w, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 1, 1>, sampler = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}
