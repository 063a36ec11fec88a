func.func @iota() -> tensor<2x7xf32> {
  %0 = umc.iota axis = 1 : tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}
