#patches = affine_map<(d0, d1) -> (d0 floordiv 4, d0 mod 4, d1)>
#out = affine_map<(d0, d1) -> (d0, d1)>
func.func private @rows_of_patches(%x: tensor<8x4x64xf32>, %init: tensor<32x64xf32>) -> tensor<32x64xf32> attributes {umc.kernel = 0 : i64} {
  %0 = linalg.generic {indexing_maps = [#patches, #out], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x4x64xf32>) outs(%init : tensor<32x64xf32>) attrs = {umc.partition = #umc.partition<loops = 1>} {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<32x64xf32>
  return %0 : tensor<32x64xf32>
}
