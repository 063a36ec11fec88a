func.func @straight(%x: tensor<4x8xf32>, %w: tensor<8x8xf32> {umc.param = "w"}, %b: tensor<8xf32> {umc.param = "b"}) -> (tensor<32xf32>, tensor<4x8xf32>, tensor<32xf32>) {
  %0 = func.call @straight_k0_linear(%x, %w, %b) : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = umc.reshape %0 : tensor<4x8xf32> -> tensor<32xf32>
  return %1, %x, %1 : tensor<32xf32>, tensor<4x8xf32>, tensor<32xf32>
}
func.func private @straight_k0_linear(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.linear %x, %w, %b : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
