func.func @reshape_type(%x: tensor<2x8xf32>) {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf16>
  return
}
