func.func @residual_add_layer_norm(%x: tensor<8x64xf32>, %d: tensor<8x64xf32>, %w: tensor<64x64xf32>) -> tensor<8x64xf32> {
  %h = umc.add %x, %d : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %n = umc.layer_norm %h : (tensor<8x64xf32>) -> tensor<8x64xf32>
  %p = umc.linear %n, %w : (tensor<8x64xf32>, tensor<64x64xf32>) -> tensor<8x64xf32>
  %r = umc.add %h, %p : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %r : tensor<8x64xf32>
}
