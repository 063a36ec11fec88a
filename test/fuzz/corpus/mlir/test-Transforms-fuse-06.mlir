func.func @elementwise_chain(%x: tensor<3x5xf32>, %s: tensor<5xf32>) -> tensor<3x5xf32> {
  %p = umc.softmax %x : tensor<3x5xf32>
  %e = umc.exp %p : tensor<3x5xf32>
  %m = umc.mul %e, %s : (tensor<3x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %d = umc.sub %m, %m : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %d : tensor<3x5xf32>
}
