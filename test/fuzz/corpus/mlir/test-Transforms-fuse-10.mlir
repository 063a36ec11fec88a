func.func @user_before_consumer(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %e = umc.exp %h : tensor<8x64xf32>
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %e, %n : tensor<8x64xf32>, tensor<8x64xf32>
}
