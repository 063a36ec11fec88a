func.func @gelu_layer_norm(%x: tensor<8x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %a = umc.gelu %x : tensor<8x64xf32>
  %n = umc.layer_norm %a scale %g bias %b : (tensor<8x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  return %n : tensor<8x64xf32>
}
