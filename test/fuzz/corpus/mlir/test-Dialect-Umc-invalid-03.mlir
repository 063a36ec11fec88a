func.func @div_dynamic_shape(%a: tensor<?x4xf32>) {
  %0 = umc.div %a, %a : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}
