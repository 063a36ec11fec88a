func.func @task_router_bias(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<5xf32>) {
  %0:2 = umc.task_router %x pool = first mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<5xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return
}
