func.func @sample(%l: tensor<2x100xf32>, %seed: tensor<i64>, %step: tensor<i64>, %k: tensor<i32>) -> tensor<2xi32> {
  %0 = umc.sample %l seed %seed counter %step top_k %k : (tensor<2x100xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
