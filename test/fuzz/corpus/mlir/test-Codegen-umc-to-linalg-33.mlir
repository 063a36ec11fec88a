func.func @cast_float_to_int(%x: tensor<4xf32>) -> tensor<4xi32> {
  %0 = umc.cast %x : tensor<4xf32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
