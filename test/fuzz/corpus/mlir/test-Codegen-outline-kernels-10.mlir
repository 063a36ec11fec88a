func.func @append(%cache: tensor<2x15x4xf32>, %kv: tensor<2x3x4xf32>,
                  %pos: tensor<i32>) -> tensor<2x15x4xf32> {
  %c = umc.update_slice %cache, %kv at %pos axis = -2 : (tensor<2x15x4xf32>, tensor<2x3x4xf32>, tensor<i32>) -> tensor<2x15x4xf32>
  return %c : tensor<2x15x4xf32>
}
