#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red1 = affine_map<(d0, d1, d2) -> (d0, d2)>
func.func private @softmax_middle_axis(%x: tensor<2x64x64xf32>) -> tensor<2x64x64xf32> attributes {umc.kernel = 4 : i64} {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<2x64xf32>
  %m0 = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %max = linalg.generic {indexing_maps = [#id3, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x64x64xf32>) outs(%m0 : tensor<2x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.maximumf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x64xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e : tensor<2x64xf32>) -> tensor<2x64xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #red1, #red1], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %max : tensor<2x64x64xf32>, tensor<2x64xf32>) outs(%s0 : tensor<2x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = math.exp %0 : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x64xf32>
  %init = tensor.empty() : tensor<2x64x64xf32>
  %r = linalg.generic {indexing_maps = [#id3, #red1, #red1, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %max, %sum : tensor<2x64x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) outs(%init : tensor<2x64x64xf32>) attrs = {umc.partition = #umc.partition<loops = 1>} {
  ^bb0(%in: f32, %m: f32, %s: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = math.exp %0 : f32
    %2 = arith.divf %1, %s : f32
    linalg.yield %2 : f32
  } -> tensor<2x64x64xf32>
  return %r : tensor<2x64x64xf32>
}
