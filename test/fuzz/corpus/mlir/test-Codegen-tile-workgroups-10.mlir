#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func private @dynamic(%x: tensor<?x8xf32>, %init: tensor<?x8xf32>) -> tensor<?x8xf32> attributes {umc.kernel = 9 : i64} {
  %0 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x8xf32>) outs(%init : tensor<?x8xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    %1 = math.exp %in : f32
    linalg.yield %1 : f32
  } -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
