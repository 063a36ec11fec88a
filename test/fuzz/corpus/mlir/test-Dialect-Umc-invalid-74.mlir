func.func @where_element_types(%c: tensor<4xi32>, %a: tensor<4xf32>, %b: tensor<4xbf16>) {
  %0 = umc.where %c, %a, %b : (tensor<4xi32>, tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return
}
