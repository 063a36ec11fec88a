func.func @none(%x: memref<16xf32>, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  memref.copy %x, %out : memref<16xf32> to memref<16xf32>
  return
}
