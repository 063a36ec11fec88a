// A one-parameter model for the umc-run tests that save and load parameters:
// x plus a bias of 65536 floats, so that the parameter file and the output
// (256 KiB each) are far larger than the compiled code (a few KiB).
func.func @add_bias(%x: tensor<65536xf32>,
                    %b: tensor<65536xf32> {umc.param = "bias"}) -> tensor<65536xf32> {
  %0 = umc.add %x, %b : (tensor<65536xf32>, tensor<65536xf32>) -> tensor<65536xf32>
  return %0 : tensor<65536xf32>
}
