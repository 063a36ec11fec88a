func.func @passthrough(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a, %b = umc.fusion "elementwise" : tensor<4xf32>, tensor<4xf32> {
    %e = umc.exp %x : tensor<4xf32>
    umc.yield %e, %y : tensor<4xf32>, tensor<4xf32>
  }
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
