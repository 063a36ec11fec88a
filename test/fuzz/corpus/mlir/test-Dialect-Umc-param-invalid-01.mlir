func.func @empty_name(%w: tensor<4xf32> {umc.param = ""}) {
  return
}
