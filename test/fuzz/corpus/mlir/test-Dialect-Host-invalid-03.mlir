func.func @missing_executable(%x: memref<32xf32>, %y: memref<32xf32>) {
  umc_host.dispatch @elsewhere::@gelu ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}
