func.func @other_ops(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>, %a: f32) -> (tensor<4x8xf32>, f32) {
  %0 = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = arith.addf %a, %a : f32
  return %0, %1 : tensor<4x8xf32>, f32
}
