func.func @unmask(%t: tensor<2x37xi64>, %l: tensor<2x37x11xf16>, %s: tensor<i64>, %c: tensor<i64>, %m: tensor<i32>, %temp: tensor<f32>) -> tensor<2x37xi64> {
  %0 = umc.unmask %t, %l mask_id = 10 seed %s counter %c masked_after %m temperature %temp : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>) -> tensor<2x37xi64>
  return %0 : tensor<2x37xi64>
}
