#id2 = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>
func.func private @k0(%x: memref<64x128xf32>, %b: memref<128xf32>, %y: memref<64x128xf32>) attributes {umc.kernel = 0 : i64} {
  scf.forall (%i) = (0) to (64) step (16) {
    %xs = memref.subview %x[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    %ys = memref.subview %y[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id2, #last, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%xs, %b : memref<16x128xf32, strided<[128, 1], offset: ?>>, memref<128xf32>)
        outs(%ys : memref<16x128xf32, strided<[128, 1], offset: ?>>) {
    ^bb0(%in: f32, %in_0: f32, %out: f32):
      %0 = arith.addf %in, %in_0 : f32
      linalg.yield %0 : f32
    }
  }
  return
}
