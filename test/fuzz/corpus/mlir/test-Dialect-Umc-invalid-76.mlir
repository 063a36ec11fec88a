func.func @where_float_condition(%c: tensor<4xf32>, %a: tensor<4xf32>) {
  %0 = umc.where %c, %a, %a : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
