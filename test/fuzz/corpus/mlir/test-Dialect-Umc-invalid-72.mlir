func.func @yield_outside_fusion(%x: tensor<4x8xf32>) {
  umc.yield %x : tensor<4x8xf32>
}
