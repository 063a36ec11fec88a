func.func @concat_types(%x: tensor<2x8xf32>, %y: tensor<2x8xf16>) {
  %0 = umc.concat %x, %y axis = 1 : (tensor<2x8xf32>, tensor<2x8xf16>) -> tensor<2x16xf32>
  return
}
