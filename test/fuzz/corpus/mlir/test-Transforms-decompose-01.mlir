func.func @chunk_negative_axis(%qkv: tensor<2x8x96xf32>) -> (tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>) {
  %0:3 = umc.split %qkv axis = -1 : tensor<2x8x96xf32> -> tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>
  return %0#0, %0#1, %0#2 : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>
}
