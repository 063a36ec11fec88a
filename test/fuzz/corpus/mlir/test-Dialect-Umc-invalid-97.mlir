func.func @sample_result(%l: tensor<2x100xf32>, %s: tensor<i64>) {
  %0 = umc.sample %l seed %s counter %s : (tensor<2x100xf32>, tensor<i64>, tensor<i64>) -> tensor<100xi32>
  return
}
