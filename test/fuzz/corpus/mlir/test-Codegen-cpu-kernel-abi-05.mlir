func.func private @with_result(%x: memref<4xf32>) -> memref<4xf32> attributes {umc.kernel = 0 : i64} {
  return %x : memref<4xf32>
}
