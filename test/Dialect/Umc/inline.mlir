// A block written once as a private function and called per layer inlines
// into the caller, which keeps the parameters' state_dict names; the block
// function is gone afterwards.
// RUN: umc-opt %s --inline | FileCheck %s

// CHECK-NOT: func.func private @layer
// CHECK-LABEL: func.func @model
// CHECK-SAME: {umc.param = "layers.0.weight"}
// CHECK-SAME: {umc.param = "layers.1.weight"}
// CHECK-NOT: call
// CHECK: %[[A:.*]] = umc.linear %{{.*}}, %{{.*}}
// CHECK: %[[B:.*]] = umc.gelu %[[A]]
// CHECK: %[[C:.*]] = umc.linear %[[B]], %{{.*}}
// CHECK: %[[D:.*]] = umc.gelu %[[C]]
// CHECK: return %[[D]]
func.func private @layer(%x: tensor<2x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %y = umc.linear %x, %w : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %z = umc.gelu %y : tensor<2x8xf32>
  return %z : tensor<2x8xf32>
}

func.func @model(%x: tensor<2x8xf32>,
                 %w0: tensor<8x8xf32> {umc.param = "layers.0.weight"},
                 %w1: tensor<8x8xf32> {umc.param = "layers.1.weight"}) -> tensor<2x8xf32> {
  %a = func.call @layer(%x, %w0) : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %b = func.call @layer(%a, %w1) : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return %b : tensor<2x8xf32>
}
