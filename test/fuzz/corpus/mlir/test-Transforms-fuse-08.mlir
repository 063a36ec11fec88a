func.func @broadcast(%x: tensor<64xf32>, %y: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %a = umc.gelu %x : tensor<64xf32>
  %s = umc.add %y, %a : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  return %s : tensor<8x64xf32>
}
