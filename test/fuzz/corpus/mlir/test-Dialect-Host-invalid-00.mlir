umc_host.executable @kernels {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
func.func @wrong_shape(%x: memref<16xf32>, %y: memref<32xf32>) {
  umc_host.dispatch @kernels::@gelu ins(%x : memref<16xf32>) outs(%y : memref<32xf32>)
  return
}
