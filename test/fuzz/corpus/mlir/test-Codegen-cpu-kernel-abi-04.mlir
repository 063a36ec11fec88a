func.func private @first(%m: memref<2xf32>) attributes {umc.kernel = 5 : i64} {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (2) {
    memref.store %one, %m[%i] : memref<2xf32>
  }
  return
}
func.func private @second(%m: memref<2xf32>) attributes {umc.kernel = 6 : i64} {
  return
}
