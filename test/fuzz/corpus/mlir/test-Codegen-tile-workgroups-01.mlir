#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func private @small(%x: tensor<2x4xf32>) -> tensor<2x4xf32> attributes {umc.kernel = 1 : i64} {
  %init = tensor.empty() : tensor<2x4xf32>
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%init : tensor<2x4xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
