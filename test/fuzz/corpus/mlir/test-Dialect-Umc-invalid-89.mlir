func.func @update_slice_offset_rank(%c: tensor<16x8xf32>, %u: tensor<1x8xf32>, %p: tensor<1xi32>) {
  %0 = umc.update_slice %c, %u at %p axis = 0 : (tensor<16x8xf32>, tensor<1x8xf32>, tensor<1xi32>) -> tensor<16x8xf32>
  return
}
