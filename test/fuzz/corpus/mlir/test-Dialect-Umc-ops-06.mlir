func.func @shapes(%x: tensor<2x8x32xf32>, %y: tensor<2x4x32xf32>, %i: tensor<6xi8>)
    -> (tensor<16x32xf32>, tensor<32x8x2xf32>, tensor<2x12x32xf32>, tensor<2x2x16xf32>, tensor<3xi8>) {
  %0 = umc.reshape %x : tensor<2x8x32xf32> -> tensor<16x32xf32>
  %1 = umc.transpose %x [2, 1, 0] : tensor<2x8x32xf32> -> tensor<32x8x2xf32>
  %2 = umc.concat %x, %y axis = 1 : (tensor<2x8x32xf32>, tensor<2x4x32xf32>) -> tensor<2x12x32xf32>
  %3 = umc.slice %x offsets = [0, 4, 0] sizes = [2, 2, 16] strides = [1, 2, 2] : tensor<2x8x32xf32> -> tensor<2x2x16xf32>
  %4 = umc.slice %i offsets = [3] sizes = [3] : tensor<6xi8> -> tensor<3xi8>
  return %0, %1, %2, %3, %4 : tensor<16x32xf32>, tensor<32x8x2xf32>, tensor<2x12x32xf32>, tensor<2x2x16xf32>, tensor<3xi8>
}
