#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func private @three_dims(%x: tensor<4x8x16xf32>) -> tensor<4x8x16xf32> attributes {umc.kernel = 3 : i64} {
  %init = tensor.empty() : tensor<4x8x16xf32>
  %0 = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<4x8x16xf32>) outs(%init : tensor<4x8x16xf32>) attrs = {umc.partition = #umc.partition<loops = 3>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<4x8x16xf32>
  return %0 : tensor<4x8x16xf32>
}
