func.func @exp_integer(%a: tensor<4xi32>) {
  %0 = umc.exp %a : tensor<4xi32>
  return
}
