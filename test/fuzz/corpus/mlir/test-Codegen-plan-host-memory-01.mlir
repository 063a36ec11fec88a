func.func @looped(%x: memref<16xf32>, %n: index, %out: memref<16xf32> {umc_host.result = 0 : i64}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %carried = memref.alloc() : memref<16xf32>
  memref.copy %x, %carried : memref<16xf32> to memref<16xf32>
  scf.for %i = %c0 to %n step %c1 {
    %temp = memref.alloc() : memref<16xf32>
    umc_host.dispatch @kernels::@k0 ins(%carried : memref<16xf32>) outs(%temp : memref<16xf32>)
    memref.copy %temp, %carried : memref<16xf32> to memref<16xf32>
  }
  %after = memref.alloc() : memref<16xf32>
  umc_host.dispatch @kernels::@k0 ins(%carried : memref<16xf32>) outs(%after : memref<16xf32>)
  memref.copy %after, %out : memref<16xf32> to memref<16xf32>
  return
}
umc_host.executable @kernels {
  builtin.module {
    func.func private @k0(%x: tensor<16xf32>) -> tensor<16xf32> {
      %y = umc.exp %x : tensor<16xf32>
      return %y : tensor<16xf32>
    }
  }
}
