func.func @chain(%x: memref<16xf32>, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  %a = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  %av = umc_host.reinterpret %a : memref<16xf32> to memref<4x4xf32>
  umc_host.dispatch @kernels::@k1 ins(%av : memref<4x4xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}
umc_host.executable @kernels {
  builtin.module {
    func.func private @k0(%x: tensor<16xf32>) -> tensor<16xf32> {
      %y = umc.exp %x : tensor<16xf32>
      return %y : tensor<16xf32>
    }
    func.func private @k1(%x: tensor<4x4xf32>) -> tensor<16xf32> {
      %y = umc.reshape %x : tensor<4x4xf32> -> tensor<16xf32>
      return %y : tensor<16xf32>
    }
  }
}
