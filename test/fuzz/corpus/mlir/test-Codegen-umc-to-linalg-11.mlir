func.func @embedding(%ids: tensor<2x8xi64>, %table: tensor<100x16xf16>) -> tensor<2x8x16xf16> {
  %0 = umc.embedding %ids, %table : (tensor<2x8xi64>, tensor<100x16xf16>) -> tensor<2x8x16xf16>
  return %0 : tensor<2x8x16xf16>
}
