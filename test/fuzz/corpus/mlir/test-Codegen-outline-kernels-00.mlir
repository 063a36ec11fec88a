func.func @chain(%x: tensor<4x8xf32>, %unused: tensor<8xf32>) -> tensor<32xf32> {
  %c = arith.constant dense<1.0> : tensor<8xf32>
  %0 = umc.add %x, %c : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = umc.reshape %0 : tensor<4x8xf32> -> tensor<32xf32>
  %2 = umc.gelu %1 approximate = tanh : tensor<32xf32>
  %3 = umc.mul %2, %2 : (tensor<32xf32>, tensor<32xf32>) -> tensor<32xf32>
  return %3 : tensor<32xf32>
}
