func.func @rms_norm_silu_gate(%x: tensor<4x32xf32>, %z: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %n = umc.rms_norm %x : (tensor<4x32xf32>) -> tensor<4x32xf32>
  %a = umc.silu %n : tensor<4x32xf32>
  %gz = umc.silu %z : tensor<4x32xf32>
  %y = umc.mul %a, %gz : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}
