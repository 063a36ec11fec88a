// A one-op bf16 model for the umc-run tests: a matrix times a scalar.
func.func @scale(%x: tensor<2x3xbf16>, %k: tensor<bf16>) -> tensor<2x3xbf16> {
  %0 = umc.mul %x, %k : (tensor<2x3xbf16>, tensor<bf16>) -> tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}
