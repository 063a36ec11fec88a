func.func @embed(%ids: tensor<2x3xi32>, %table: tensor<100x8xf32>,
                 %ids64: tensor<2x3xi64>, %small: tensor<7x8xf32>)
    -> (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) {
  %e = umc.embedding %ids, %table : (tensor<2x3xi32>, tensor<100x8xf32>) -> tensor<2x3x8xf32>
  %f = umc.fusion "scaled_gather" : tensor<2x3x8xf32> {
    %x = umc.exp %e : tensor<2x3x8xf32>
    %g = umc.embedding %ids64, %small : (tensor<2x3xi64>, tensor<7x8xf32>) -> tensor<2x3x8xf32>
    %s = umc.mul %x, %g : (tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
    umc.yield %s : tensor<2x3x8xf32>
  }
  %h = umc.fusion "computed_ids" : tensor<2x3x8xf32> {
    %i = umc.add %ids, %ids : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
    %j = umc.embedding %i, %table : (tensor<2x3xi32>, tensor<100x8xf32>) -> tensor<2x3x8xf32>
    umc.yield %j : tensor<2x3x8xf32>
  }
  return %e, %f, %h : tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>
}
