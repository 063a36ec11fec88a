func.func @sigmoid(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.sigmoid %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
