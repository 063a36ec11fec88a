func.func @not_a_string(%w: tensor<4xf32> {umc.param = 3}) {
  return
}
