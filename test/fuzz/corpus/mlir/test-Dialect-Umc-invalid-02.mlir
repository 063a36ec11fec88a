func.func @add_wrong_result(%a: tensor<4x32xf32>, %b: tensor<32xf32>) {
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<32xf32>
  return
}
