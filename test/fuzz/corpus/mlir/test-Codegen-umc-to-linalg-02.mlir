func.func @unary(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = umc.exp %x : tensor<2x8xf32>
  %1 = umc.tanh %0 : tensor<2x8xf32>
  %2 = umc.silu %1 : tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}
