// A two-layer classifier of 6 features into 17 classes (labels -8..8, as
// make-tensors.py fills i32), for the training tests: quick to compile.
func.func @loss(%x: tensor<8x6xf32> {umc.input = "x"},
                %labels: tensor<8xi32> {umc.input = "labels"},
                %w1: tensor<16x6xf32> {umc.param = "fc1.weight"},
                %b1: tensor<16xf32> {umc.param = "fc1.bias"},
                %w2: tensor<17x16xf32> {umc.param = "fc2.weight"},
                %b2: tensor<17xf32> {umc.param = "fc2.bias"})
    -> (tensor<f32>, tensor<f32>) attributes {umc.loss} {
  %h = umc.linear %x, %w1, %b1 : (tensor<8x6xf32>, tensor<16x6xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %g = umc.gelu %h : tensor<8x16xf32>
  %logits = umc.linear %g, %w2, %b2 : (tensor<8x16xf32>, tensor<17x16xf32>, tensor<17xf32>) -> tensor<8x17xf32>
  %eight = arith.constant dense<8> : tensor<i32>
  %classes = umc.add %labels, %eight : (tensor<8xi32>, tensor<i32>) -> tensor<8xi32>
  %l = umc.cross_entropy %logits, %classes : (tensor<8x17xf32>, tensor<8xi32>) -> tensor<f32>
  %best = umc.argmax %logits axis = 1 : tensor<8x17xf32> -> tensor<8xi32>
  %hit = umc.compare eq %best, %classes : (tensor<8xi32>, tensor<8xi32>) -> tensor<8xi8>
  %hitf = umc.cast %hit : tensor<8xi8> -> tensor<8xf32>
  %accuracy = umc.mean %hitf axis = 0 : tensor<8xf32> -> tensor<f32>
  return %l, %accuracy : tensor<f32>, tensor<f32>
}
