func.func @read_twice(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %a = umc.gelu %x : tensor<8xf32>
  %m = umc.mul %a, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %a, %m : tensor<8xf32>, tensor<8xf32>
}
