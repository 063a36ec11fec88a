func.func private @dynamic_loop(%m: memref<4xf32>, %n: memref<index>) attributes {umc.kernel = 0 : i64} {
  %one = arith.constant 1.0 : f32
  %ub = memref.load %n[] : memref<index>
  scf.forall (%i) = (0) to (%ub) step (1) {
    memref.store %one, %m[%i] : memref<4xf32>
  }
  return
}
