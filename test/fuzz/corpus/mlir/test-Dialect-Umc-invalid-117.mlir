func.func @task_router_w2(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x31xf32>, %b2: tensor<4xf32>) {
  %0:2 = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x31xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return
}
