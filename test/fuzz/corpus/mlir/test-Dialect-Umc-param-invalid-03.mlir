func.func @unknown(%w: tensor<4xf32> {umc.weight = "w"}) {
  return
}
