func.func @iota_axis() {
  %0 = umc.iota axis = -3 : tensor<2x7xi32>
  return
}
