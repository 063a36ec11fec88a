#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red1 = affine_map<(d0, d1, d2) -> (d0, d2)>
func.func private @stops_at_reduction(%x: tensor<2x64x64xf32>) -> tensor<2x64xf32> attributes {umc.kernel = 6 : i64} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x64xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x64x64xf32>) outs(%s0 : tensor<2x64xf32>) attrs = {umc.partition = #umc.partition<loops = 3>} {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x64xf32>
  return %sum : tensor<2x64xf32>
}
