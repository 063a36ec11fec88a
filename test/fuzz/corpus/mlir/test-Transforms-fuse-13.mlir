func.func @dead_chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = umc.exp %x : tensor<8xf32>
  %t = umc.tanh %e : tensor<8xf32>
  return %x : tensor<8xf32>
}
