func.func @dead_ops(%x: tensor<2x8xf32>) {
  %0 = umc.gelu %x : tensor<2x8xf32>
  %1 = umc.softmax %0 : tensor<2x8xf32>
  return
}
