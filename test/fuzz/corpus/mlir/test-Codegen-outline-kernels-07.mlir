func.func @views_only(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
