func.func @sample_scalar(%l: tensor<2x100xf32>, %s: tensor<i64>, %t: tensor<1xf32>) {
  %0 = umc.sample %l seed %s counter %s temperature %t : (tensor<2x100xf32>, tensor<i64>, tensor<i64>, tensor<1xf32>) -> tensor<2xi32>
  return
}
