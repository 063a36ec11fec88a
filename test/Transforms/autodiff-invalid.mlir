// RUN: umc-opt %s --split-input-file --umc-autodiff --verify-diagnostics

// expected-error @+1 {{the loss of 'constant' does not depend on any parameter}}
func.func @constant(%x: tensor<4xf32>, %w: tensor<4xf32> {umc.param = "w"}) -> tensor<f32> attributes {umc.loss} {
  %l = umc.sum %x axis = 0 : tensor<4xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A gradient op has no rule of its own: no second derivatives yet.
func.func @no_rule(%x: tensor<8xf32>, %w: tensor<8xf32> {umc.param = "w"}) -> tensor<f32> attributes {umc.loss} {
  // expected-error @+1 {{'umc.gelu_grad' op has no gradient rule yet}}
  %y = umc.gelu_grad %w, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %l = umc.sum %y axis = 0 : tensor<8xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @learned_bias(%q: tensor<1x1x3x4xf32>, %b: tensor<1x1x3x3xf32> {umc.param = "b"}) -> tensor<f32> attributes {umc.loss} {
  // expected-error @+1 {{'umc.attention' op gives no gradient for operand #3, which depends on a parameter}}
  %o = umc.attention %q, %q, %q mask <full> bias %b : (tensor<1x1x3x4xf32>, tensor<1x1x3x4xf32>, tensor<1x1x3x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
  %r = umc.reshape %o : tensor<1x1x3x4xf32> -> tensor<12xf32>
  %l = umc.sum %r axis = 0 : tensor<12xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @loop(%w: tensor<4xf32> {umc.param = "w"}, %n: index) -> tensor<f32> attributes {umc.loss} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'scf.for' op umc-autodiff cannot differentiate through control flow yet}}
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %w) -> (tensor<4xf32>) {
    %y = umc.mul %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  }
  %l = umc.sum %r axis = 0 : tensor<4xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{umc-autodiff would name the gradient of 'taken' 'taken_grad', but the module already has a symbol of that name}}
func.func @taken(%w: tensor<f32> {umc.param = "w"}) -> tensor<f32> attributes {umc.loss} {
  return %w : tensor<f32>
}
func.func @taken_grad(%w: tensor<f32>) -> tensor<f32> {
  return %w : tensor<f32>
}

// -----

// expected-error @+1 {{'umc.loss' needs the function's first result to be the loss, a float tensor of rank 0 (tensor<f32>)}}
func.func @vector_loss(%w: tensor<4xf32> {umc.param = "w"}) -> tensor<4xf32> attributes {umc.loss} {
  return %w : tensor<4xf32>
}
