func.func @fill_type(%x: memref<32xf32>, %v: i32) {
  umc_host.fill %x, %v : memref<32xf32>, i32
  return
}
