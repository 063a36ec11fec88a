func.func @choose(%x: tensor<4xf32>, %flag: tensor<i1>, %v: tensor<f32>) -> tensor<4xf32> {
  %c = tensor.extract %flag[] : tensor<i1>
  %s = tensor.extract %v[] : tensor<f32>
  %r = scf.if %c -> (tensor<4xf32>) {
    %e = func.call @choose_k0_exp(%x) : (tensor<4xf32>) -> tensor<4xf32>
    scf.yield %e : tensor<4xf32>
  } else {
    %f = tensor.splat %s : tensor<4xf32>
    scf.yield %f : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @choose_k0_exp(%a: tensor<4xf32>) -> tensor<4xf32> attributes {umc.kernel = 0 : i64} {
  %0 = umc.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
