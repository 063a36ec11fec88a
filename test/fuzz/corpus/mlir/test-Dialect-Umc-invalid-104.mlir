func.func @random_normal_seed(%s: tensor<2xi64>, %c: tensor<i64>) {
  %0 = umc.random_normal seed %s counter %c : (tensor<2xi64>, tensor<i64>) -> tensor<4xf32>
  return
}
