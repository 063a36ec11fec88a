func.func @duplicate(%a: tensor<4xf32> {umc.param = "fc.weight"}, %x: tensor<4xf32>,
                     %b: tensor<4xf32> {umc.param = "fc.weight"}) {
  return
}
