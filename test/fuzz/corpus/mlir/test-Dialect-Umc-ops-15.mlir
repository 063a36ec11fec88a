func.func @sample(%l: tensor<2x100xbf16>, %seed: tensor<i64>, %step: tensor<i64>, %t: tensor<f32>, %k: tensor<i32>, %p: tensor<f32>) -> (tensor<2xi32>, tensor<2xi64>) {
  %0 = umc.sample %l seed %seed counter %step temperature %t top_k %k top_p %p : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<2xi32>
  %1 = umc.sample %l seed %seed counter %step top_p %p : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>) -> tensor<2xi64>
  return %0, %1 : tensor<2xi32>, tensor<2xi64>
}
