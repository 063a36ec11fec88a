// RUN: umc-opt %s --split-input-file --verify-diagnostics --umc-train-step

// expected-error @below {{umc-train-step needs the gradient function 'loss_grad'; run umc-autodiff first}}
func.func @loss(%w: tensor<4xf32> {umc.param = "w"}) -> tensor<f32> attributes {umc.loss} {
  %s = umc.sum %w axis = 0 : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @loss_grad(%w: tensor<4xf32> {umc.param = "w"}) -> (tensor<f32>, tensor<4xf32>) {
  %s = umc.sum %w axis = 0 : tensor<4xf32> -> tensor<f32>
  return %s, %w : tensor<f32>, tensor<4xf32>
}
func.func @loss_train_step() {
  return
}
// expected-error @below {{umc-train-step would name the training step of 'loss' 'loss_train_step', but the module already has a symbol of that name}}
func.func @loss(%w: tensor<4xf32> {umc.param = "w"}) -> tensor<f32> attributes {umc.loss} {
  %s = umc.sum %w axis = 0 : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
