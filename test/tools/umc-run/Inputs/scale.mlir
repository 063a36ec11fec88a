// A one-op model for the umc-run tests: an i32 matrix times an i32 scalar.
func.func @scale(%x: tensor<2x3xi32>, %k: tensor<i32>) -> tensor<2x3xi32> {
  %0 = umc.mul %x, %k : (tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
