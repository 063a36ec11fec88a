// The kernels the device conformance suite dispatches: an elementwise add on
// a length no tile divides, and an exp spread over a grid of several
// workgroups. Compiled by the build for every target the suite runs.
func.func @add(%x: tensor<1003xf32>, %y: tensor<1003xf32>) -> tensor<1003xf32> {
  %0 = umc.add %x, %y : (tensor<1003xf32>, tensor<1003xf32>) -> tensor<1003xf32>
  return %0 : tensor<1003xf32>
}
func.func @exp(%x: tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  %0 = umc.exp %x : tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}
