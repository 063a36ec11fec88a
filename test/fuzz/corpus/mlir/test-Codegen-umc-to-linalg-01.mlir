func.func @integer_binary(%a: tensor<4x3xi32>, %b: tensor<3xi32>) -> tensor<4x3xi32> {
  %0 = umc.sub %a, %b : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %1 = umc.mul %0, %b : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %2 = umc.div %1, %a : (tensor<4x3xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  return %2 : tensor<4x3xi32>
}
