func.func @concat_dims(%x: tensor<2x8xf32>, %y: tensor<3x8xf32>) {
  %0 = umc.concat %x, %y axis = 1 : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x16xf32>
  return
}
