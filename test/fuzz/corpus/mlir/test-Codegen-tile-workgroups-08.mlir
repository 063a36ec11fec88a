func.func private @through_reshape(%x: tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32> attributes {umc.kernel = 8 : i64} {
  %expanded = tensor.expand_shape %x [[0], [1], [2, 3], [4, 5]] output_shape [2, 3, 4, 4, 4, 4] : tensor<2x3x16x16xf32> into tensor<2x3x4x4x4x4xf32>
  %init = tensor.empty() : tensor<2x4x4x3x4x4xf32>
  %t = linalg.transpose ins(%expanded : tensor<2x3x4x4x4x4xf32>) outs(%init : tensor<2x4x4x3x4x4xf32>) permutation = [0, 2, 4, 1, 3, 5] {umc.partition = #umc.partition<loops = 3>}
  %collapsed = tensor.collapse_shape %t [[0], [1, 2], [3, 4, 5]] : tensor<2x4x4x3x4x4xf32> into tensor<2x16x48xf32>
  return %collapsed : tensor<2x16x48xf32>
}
