func.func @cast_shape(%x: tensor<4xf32>) {
  %0 = umc.cast %x : tensor<4xf32> -> tensor<5xi32>
  return
}
