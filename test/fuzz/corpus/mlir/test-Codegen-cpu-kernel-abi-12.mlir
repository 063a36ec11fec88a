func.func private @copy_after_loop(%in: memref<64x8xf32>, %out: memref<512xf32>) attributes {umc.kernel = 5 : i64} {
  %tmp = memref.alloc() : memref<64x8xf32>
  scf.forall (%i) = (0) to (64) step (16) {
    %src = memref.subview %in[%i, 0] [16, 8] [1, 1] : memref<64x8xf32> to memref<16x8xf32, strided<[8, 1], offset: ?>>
    %dst = memref.subview %tmp[%i, 0] [16, 8] [1, 1] : memref<64x8xf32> to memref<16x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %src, %dst : memref<16x8xf32, strided<[8, 1], offset: ?>> to memref<16x8xf32, strided<[8, 1], offset: ?>>
  }
  %flat = memref.collapse_shape %tmp [[0, 1]] : memref<64x8xf32> into memref<512xf32>
  memref.copy %flat, %out : memref<512xf32> to memref<512xf32>
  memref.dealloc %tmp : memref<64x8xf32>
  return
}
