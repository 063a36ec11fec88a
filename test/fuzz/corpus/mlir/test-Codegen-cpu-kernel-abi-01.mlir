func.func private @grid_2d(%m: memref<10x7xf32>) attributes {umc.kernel = 7 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i, %j) = (2, 0) to (10, 7) step (3, 2) {
    memref.store %one, %m[%i, %j] : memref<10x7xf32>
  }
  return
}
