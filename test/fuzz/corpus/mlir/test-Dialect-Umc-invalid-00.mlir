func.func @add_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  %0 = umc.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}
