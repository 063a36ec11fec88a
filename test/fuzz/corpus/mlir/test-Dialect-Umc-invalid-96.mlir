func.func @sample_rank(%l: tensor<2x3x100xf32>, %s: tensor<i64>) {
  %0 = umc.sample %l seed %s counter %s : (tensor<2x3x100xf32>, tensor<i64>, tensor<i64>) -> tensor<2xi32>
  return
}
