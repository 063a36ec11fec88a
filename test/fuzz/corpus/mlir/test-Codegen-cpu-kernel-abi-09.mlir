func.func private @two_loops(%m: memref<4xf32>) attributes {umc.kernel = 0 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (4) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  scf.forall (%i) in (4) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  return
}
