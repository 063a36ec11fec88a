umc_host.executable @kernels {
  builtin.module {
  }
}
func.func @missing_kernel(%x: memref<32xf32>, %y: memref<32xf32>) {
  umc_host.dispatch @kernels::@nope ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}
