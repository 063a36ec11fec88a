func.func @concat_axis(%x: tensor<2x8xf32>) {
  %0 = umc.concat %x, %x axis = 2 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x16xf32>
  return
}
