func.func @several_users(%x: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  %a = umc.gelu %x : tensor<8x64xf32>
  %n = umc.layer_norm %a : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %a, %n : tensor<8x64xf32>, tensor<8x64xf32>
}
