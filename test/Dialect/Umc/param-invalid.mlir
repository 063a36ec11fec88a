// The umc.param argument attribute that names a parameter.
// RUN: umc-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{argument 0: 'umc.param' must be a non-empty string (the parameter's name), got 3 : i64}}
func.func @not_a_string(%w: tensor<4xf32> {umc.param = 3}) {
  return
}

// -----

// expected-error @+1 {{argument 0: 'umc.param' must be a non-empty string (the parameter's name), got ""}}
func.func @empty_name(%w: tensor<4xf32> {umc.param = ""}) {
  return
}

// -----

// expected-error @+1 {{arguments 0 and 2 are both parameter 'fc.weight'}}
func.func @duplicate(%a: tensor<4xf32> {umc.param = "fc.weight"}, %x: tensor<4xf32>,
                     %b: tensor<4xf32> {umc.param = "fc.weight"}) {
  return
}

// -----

// expected-error @+1 {{unknown umc argument attribute 'umc.weight'; the known ones are 'umc.param' and 'umc.input'}}
func.func @unknown(%w: tensor<4xf32> {umc.weight = "w"}) {
  return
}
