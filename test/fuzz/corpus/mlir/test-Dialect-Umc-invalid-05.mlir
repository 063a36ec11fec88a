func.func @softmax_axis(%a: tensor<4x8xf32>) {
  %0 = umc.softmax %a axis = 2 : tensor<4x8xf32>
  return
}
