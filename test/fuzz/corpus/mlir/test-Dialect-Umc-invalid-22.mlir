func.func @group_norm_rank(%x: tensor<32xf32>) {
  %0 = umc.group_norm %x groups = 4 : (tensor<32xf32>) -> tensor<32xf32>
  return
}
