func.func @layer_norm_scalar(%x: tensor<f32>) {
  %0 = umc.layer_norm %x : (tensor<f32>) -> tensor<f32>
  return
}
