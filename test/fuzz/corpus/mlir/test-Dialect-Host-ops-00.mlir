func.func @host_ops(%x: memref<32xf32>, %out: memref<32xf32> {umc_host.result = 0 : i64}) attributes {umc_host.arena_bytes = 192 : i64} {
  %a = umc_host.arena_view [64] : memref<4x8xf32>
  %v = umc_host.reinterpret %a : memref<4x8xf32> to memref<32xf32>
  %zero = arith.constant 0.0 : f32
  umc_host.fill %v, %zero : memref<32xf32>, f32
  umc_host.dispatch @kernels::@gelu ins(%v : memref<32xf32>) outs(%out : memref<32xf32>)
  return
}
umc_host.executable @kernels {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> attributes {umc.kernel = 0 : i64} {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
