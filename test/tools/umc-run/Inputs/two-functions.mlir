// Two entry points, so that umc-run needs --function to pick one.
func.func @scale(%x: tensor<2x3xi32>, %k: tensor<i32>) -> tensor<2x3xi32> {
  %0 = umc.mul %x, %k : (tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

func.func @shift(%x: tensor<2x3xi32>, %k: tensor<i32>) -> tensor<2x3xi32> {
  %0 = umc.add %x, %k : (tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
