umc_host.executable @kernels {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
func.func @missing_output(%x: memref<32xf32>) {
  umc_host.dispatch @kernels::@gelu ins(%x : memref<32xf32>)
  return
}
