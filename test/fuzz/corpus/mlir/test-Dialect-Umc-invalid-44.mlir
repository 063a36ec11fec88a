func.func @reshape_count(%x: tensor<2x8xf32>) {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<15xf32>
  return
}
