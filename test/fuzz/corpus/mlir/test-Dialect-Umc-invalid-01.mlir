func.func @add_no_broadcast(%a: tensor<4x32xf32>, %b: tensor<16xf32>) {
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<16xf32>) -> tensor<4x32xf32>
  return
}
