func.func @update_slice_fit(%c: tensor<1x4x16x8xf32>, %u: tensor<1x2x1x8xf32>, %p: tensor<i32>) {
  %0 = umc.update_slice %c, %u at %p axis = 2 : (tensor<1x4x16x8xf32>, tensor<1x2x1x8xf32>, tensor<i32>) -> tensor<1x4x16x8xf32>
  return
}
