func.func @user_in_region(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x64xf32>) {
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %t = umc.fusion "elementwise" : tensor<8x64xf32> {
    %e = umc.exp %h : tensor<8x64xf32>
    %u = umc.tanh %e : tensor<8x64xf32>
    umc.yield %u : tensor<8x64xf32>
  }
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %t, %n : tensor<8x64xf32>, tensor<8x64xf32>
}
