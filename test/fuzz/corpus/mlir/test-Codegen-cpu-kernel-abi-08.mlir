func.func private @strided_argument(%x: memref<4xf32, strided<[2]>>) attributes {umc.kernel = 0 : i64} {
  return
}
