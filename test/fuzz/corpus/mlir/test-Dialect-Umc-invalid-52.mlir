func.func @concat_ranks(%x: tensor<2x8xf32>, %y: tensor<8xf32>) {
  %0 = umc.concat %x, %y axis = 0 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<10x8xf32>
  return
}
