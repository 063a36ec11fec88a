// The smallest model umc-run generate's image driver runs: two 4x4 grey
// images per call. Its "network" is v_c = x for the captioned rows and
// v_u = 0 for the empty ones, so a guided Euler step scales the image by
// 1 + (t1 - t) w; its ddim entry has no unconditional path.
module attributes {umc.tokenizer = "bytes"} {

func.func @init_noise(%seed: tensor<i64>, %counter: tensor<i64>) -> tensor<2x1x4x4xf32>
    attributes {umc.role = "image.noise"} {
  %x = umc.random_normal seed %seed counter %counter : (tensor<i64>, tensor<i64>) -> tensor<2x1x4x4xf32>
  return %x : tensor<2x1x4x4xf32>
}

func.func @denoise_euler(%x: tensor<2x1x4x4xf32>, %step: tensor<i32>, %steps: tensor<i32>,
                         %tokens: tensor<2x3xi32>, %lengths: tensor<2xi32>, %w: tensor<f32>) -> tensor<2x1x4x4xf32>
    attributes {umc.role = "image.denoise", umc.sampler = "flow_euler"} {
  %s = tensor.extract %step[] : tensor<i32>
  %n = tensor.extract %steps[] : tensor<i32>
  %one = arith.constant 1 : i32
  %s1 = arith.addi %s, %one : i32
  %sf = arith.sitofp %s : i32 to f32
  %s1f = arith.sitofp %s1 : i32 to f32
  %nf = arith.sitofp %n : i32 to f32
  %onef = arith.constant 1.0 : f32
  %a = arith.divf %sf, %nf : f32
  %b = arith.divf %s1f, %nf : f32
  %t0 = arith.subf %onef, %a : f32
  %t1 = arith.subf %onef, %b : f32
  %time = tensor.from_elements %t0 : tensor<f32>
  %time1 = tensor.from_elements %t1 : tensor<f32>
  %zero = arith.constant dense<0.0> : tensor<2x1x4x4xf32>
  %x1 = umc.diffusion_step %x, %x uncond %zero guidance %w at %time to %time1 sampler = flow_euler
      : (tensor<2x1x4x4xf32>, tensor<2x1x4x4xf32>, tensor<2x1x4x4xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x1x4x4xf32>
  return %x1 : tensor<2x1x4x4xf32>
}

func.func @denoise_ddim(%x: tensor<2x1x4x4xf32>, %step: tensor<i32>, %steps: tensor<i32>,
                        %tokens: tensor<2x3xi32>, %lengths: tensor<2xi32>) -> tensor<2x1x4x4xf32>
    attributes {umc.role = "image.denoise", umc.sampler = "ddim"} {
  return %x : tensor<2x1x4x4xf32>
}

}
