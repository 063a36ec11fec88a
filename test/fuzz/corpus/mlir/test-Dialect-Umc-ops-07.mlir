func.func @images(%img: tensor<2x3x16x16xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>,
                  %dw: tensor<3x1x3x3xf32>) -> (tensor<2x8x8x8xf32>, tensor<2x3x12x12xf32>, tensor<2x16x48xf32>) {
  %0 = umc.conv2d %img, %w, %b strides = [2, 2] padding = [1, 1] : (tensor<2x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>
  %1 = umc.conv2d %img, %dw dilation = [2, 2] groups = 3 : (tensor<2x3x16x16xf32>, tensor<3x1x3x3xf32>) -> tensor<2x3x12x12xf32>
  %2 = umc.patchify %img patch_size = 4 : (tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32>
  return %0, %1, %2 : tensor<2x8x8x8xf32>, tensor<2x3x12x12xf32>, tensor<2x16x48xf32>
}
