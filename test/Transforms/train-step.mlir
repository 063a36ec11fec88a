// RUN: umc-opt %s --split-input-file --umc-autodiff --umc-train-step | FileCheck %s

// Each parameter becomes a state marked umc.param with two moments beside
// it, and one step counter; the step takes the loss's data inputs and the
// nine hyper-parameters, and returns the loss, the gradient norm and the
// learning rate.
// CHECK: ml_program.global private mutable @param.head.weight(dense<0.000000e+00> : tensor<3x8xf32>) : tensor<3x8xf32> {umc.param = "head.weight"}
// CHECK: ml_program.global private mutable @adam.m.head.weight(dense<0.000000e+00> : tensor<3x8xf32>)
// CHECK: ml_program.global private mutable @adam.v.head.weight
// CHECK: ml_program.global private mutable @param.head.bias{{.*}}{umc.param = "head.bias"}
// CHECK: ml_program.global private mutable @adam.step(dense<0.000000e+00> : tensor<f32>)
// CHECK-LABEL: func.func @loss_train_step
// CHECK-SAME: (%{{.*}}: tensor<4x8xf32> {umc.input = "x"}, %{{.*}}: tensor<4xi32> {umc.input = "labels"},
// CHECK-SAME: %{{.*}}: tensor<f32> {umc.input = "lr"}, %{{.*}}: tensor<f32> {umc.input = "warmup_steps"}, %{{.*}}: tensor<f32> {umc.input = "total_steps"}, %{{.*}}: tensor<f32> {umc.input = "min_lr_ratio"}, %{{.*}}: tensor<f32> {umc.input = "beta1"}, %{{.*}}: tensor<f32> {umc.input = "beta2"}, %{{.*}}: tensor<f32> {umc.input = "eps"}, %{{.*}}: tensor<f32> {umc.input = "weight_decay"}, %{{.*}}: tensor<f32> {umc.input = "clip_norm"})
// CHECK-SAME: -> (tensor<f32>, tensor<f32>, tensor<f32>)
// CHECK-SAME: umc.role = "train.step"
// CHECK: %[[W:.*]] = ml_program.global_load @param.head.weight
// CHECK: %[[B:.*]] = ml_program.global_load @param.head.bias
// CHECK: %[[R:.*]]:3 = call @loss_grad(%{{.*}}, %{{.*}}, %[[W]], %[[B]])
// CHECK: ml_program.global_store @adam.step
// CHECK: umc.sqrt
// CHECK: umc.cos
// CHECK: ml_program.global_store @adam.m.head.weight
// CHECK: ml_program.global_store @adam.v.head.weight
// CHECK: ml_program.global_store @param.head.weight
// CHECK: ml_program.global_store @param.head.bias
// CHECK: return %[[R]]#0, %{{.*}}, %{{.*}} : tensor<f32>, tensor<f32>, tensor<f32>
func.func @loss(%x: tensor<4x8xf32> {umc.input = "x"}, %labels: tensor<4xi32> {umc.input = "labels"},
                %w: tensor<3x8xf32> {umc.param = "head.weight"}, %b: tensor<3xf32> {umc.param = "head.bias"})
    -> tensor<f32> attributes {umc.loss} {
  %y = umc.linear %x, %w, %b : (tensor<4x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %l = umc.cross_entropy %y, %labels : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A loss's other results come back after the loss, before the norm and rate.
// CHECK-LABEL: func.func @two_train_step
// CHECK-SAME: -> (tensor<f32>, tensor<4xf32>, tensor<f32>, tensor<f32>)
func.func @two(%x: tensor<4xf32>, %w: tensor<4xf32> {umc.param = "w"}) -> (tensor<f32>, tensor<4xf32>) attributes {umc.loss} {
  %y = umc.mul %x, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = umc.mse_loss %y, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<4xf32>
}
