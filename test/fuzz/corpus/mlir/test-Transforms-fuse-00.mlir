func.func @layer_norm_gelu(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %n = umc.layer_norm %x : (tensor<8x64xf32>) -> tensor<8x64xf32>
  %g = umc.gelu %n : tensor<8x64xf32>
  return %g : tensor<8x64xf32>
}
