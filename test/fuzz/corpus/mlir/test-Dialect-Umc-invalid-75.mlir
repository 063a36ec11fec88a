func.func @where_no_broadcast(%c: tensor<3xi32>, %a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = umc.where %c, %a, %b : (tensor<3xi32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
