func.func @reinterpret_size(%x: memref<32xf32>) {
  %v = umc_host.reinterpret %x : memref<32xf32> to memref<16xf32>
  return
}
