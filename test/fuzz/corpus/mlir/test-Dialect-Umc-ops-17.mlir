func.func @random_normal(%s: tensor<i64>, %c: tensor<i64>) -> tensor<1x4x8x8xbf16> {
  %0 = umc.random_normal seed %s counter %c : (tensor<i64>, tensor<i64>) -> tensor<1x4x8x8xbf16>
  return %0 : tensor<1x4x8x8xbf16>
}
