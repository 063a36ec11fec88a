func.func @norm_gelu(%x: tensor<8x256xf32>) -> tensor<8x256xf32> {
  %n = umc.layer_norm %x : (tensor<8x256xf32>) -> tensor<8x256xf32>
  %g = umc.gelu %n : tensor<8x256xf32>
  return %g : tensor<8x256xf32>
}
