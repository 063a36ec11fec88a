#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func private @tile_dims_zero(%x: tensor<64x64x64xf32>) -> tensor<64x64x64xf32> attributes {umc.kernel = 5 : i64} {
  %init = tensor.empty() : tensor<64x64x64xf32>
  %0 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<64x64x64xf32>) outs(%init : tensor<64x64x64xf32>) attrs = {umc.partition = #umc.partition<loops = 0>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<64x64x64xf32>
  return %0 : tensor<64x64x64xf32>
}
