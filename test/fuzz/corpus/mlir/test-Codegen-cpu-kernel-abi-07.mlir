func.func private @dynamic_argument(%x: memref<?xf32>) attributes {umc.kernel = 0 : i64} {
  return
}
