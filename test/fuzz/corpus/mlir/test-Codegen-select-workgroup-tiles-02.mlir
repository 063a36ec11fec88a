#heads = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#kv = affine_map<(d0, d1, d2) -> (d0, d1 floordiv 3, d2)>
func.func private @grouped(%q: tensor<2x6x16xf32>, %k: tensor<2x2x16xf32>, %init: tensor<2x6x16xf32>, %out: tensor<2x6x16xbf16>) -> tensor<2x6x16xbf16> attributes {umc.kernel = 0 : i64} {
  %s = linalg.generic {indexing_maps = [#heads, #kv, #heads], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%q, %k : tensor<2x6x16xf32>, tensor<2x2x16xf32>) outs(%init : tensor<2x6x16xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<2x6x16xf32>
  %r = linalg.generic {indexing_maps = [#heads, #heads], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x6x16xf32>) outs(%out : tensor<2x6x16xbf16>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%a: f32, %o: bf16):
    %t = arith.truncf %a : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<2x6x16xbf16>
  return %r : tensor<2x6x16xbf16>
}
