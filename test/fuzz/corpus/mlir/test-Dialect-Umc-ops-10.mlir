func.func @math_casts_and_selection(%x: tensor<4x32xf32>, %c: tensor<4x1xi8>, %i: tensor<4xi32>) -> (tensor<4x32xf32>, tensor<4x32xbf16>, tensor<4xf32>) {
  %0 = umc.log %x : tensor<4x32xf32>
  %1 = umc.sin %0 : tensor<4x32xf32>
  %2 = umc.cos %1 : tensor<4x32xf32>
  %3 = umc.sqrt %2 : tensor<4x32xf32>
  %4 = umc.rsqrt %3 : tensor<4x32xf32>
  %5 = umc.sigmoid %4 : tensor<4x32xf32>
  %6 = umc.neg %5 : tensor<4x32xf32>
  %7 = umc.maximum %6, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %8 = umc.minimum %7, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %9 = umc.where %c, %8, %x : (tensor<4x1xi8>, tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %10 = umc.cast %9 : tensor<4x32xf32> -> tensor<4x32xbf16>
  %11 = umc.cast %i : tensor<4xi32> -> tensor<4xf32>
  return %9, %10, %11 : tensor<4x32xf32>, tensor<4x32xbf16>, tensor<4xf32>
}
