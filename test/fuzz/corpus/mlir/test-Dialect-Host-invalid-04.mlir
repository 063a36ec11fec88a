func.func @flat_reference(%x: memref<32xf32>, %y: memref<32xf32>) {
  umc_host.dispatch @gelu ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}
