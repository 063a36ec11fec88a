func.func @elementwise(%a: tensor<4x32xf32>, %b: tensor<32xf32>, %i: tensor<4x1xi32>, %j: tensor<3xi32>) -> tensor<4x32xf32> {
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %1 = umc.sub %b, %0 : (tensor<32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %2 = umc.mul %1, %1 : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %3 = umc.div %2, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %4 = umc.add %i, %j : (tensor<4x1xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %5 = umc.exp %3 : tensor<4x32xf32>
  %6 = umc.tanh %5 : tensor<4x32xf32>
  return %6 : tensor<4x32xf32>
}
