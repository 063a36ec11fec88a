// Every primitive op parses, verifies and prints back; the second run checks
// that the printed form parses again to the same text, and the generic form
// (--mlir-print-op-generic) round-trips too.
// RUN: umc-opt %s --split-input-file | umc-opt --split-input-file | FileCheck %s
// RUN: umc-opt %s --split-input-file --mlir-print-op-generic | umc-opt --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<4x32xf32>, %b: tensor<32xf32>, %i: tensor<4x1xi32>, %j: tensor<3xi32>) -> tensor<4x32xf32> {
  // CHECK: umc.add %{{.*}}, %{{.*}} : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %0 = umc.add %a, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.sub %{{.*}}, %{{.*}} : (tensor<32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %1 = umc.sub %b, %0 : (tensor<32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.mul
  %2 = umc.mul %1, %1 : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.div
  %3 = umc.div %2, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.add %{{.*}}, %{{.*}} : (tensor<4x1xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %4 = umc.add %i, %j : (tensor<4x1xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  // CHECK: umc.exp %{{.*}} : tensor<4x32xf32>
  %5 = umc.exp %3 : tensor<4x32xf32>
  // CHECK: umc.tanh %{{.*}} : tensor<4x32xf32>
  %6 = umc.tanh %5 : tensor<4x32xf32>
  return %6 : tensor<4x32xf32>
}

// -----

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x8xbf16>) -> tensor<2x8xbf16> {
  // CHECK: umc.gelu %{{.*}} : tensor<2x8xbf16>
  %0 = umc.gelu %x : tensor<2x8xbf16>
  // CHECK: umc.gelu %{{.*}} approximate = tanh : tensor<2x8xbf16>
  %1 = umc.gelu %0 approximate = tanh : tensor<2x8xbf16>
  // The default is not printed.
  // CHECK: umc.gelu %{{.*}} : tensor<2x8xbf16>
  %2 = umc.gelu %1 approximate = none : tensor<2x8xbf16>
  // CHECK: umc.silu %{{.*}} : tensor<2x8xbf16>
  %3 = umc.silu %2 : tensor<2x8xbf16>
  // CHECK: umc.softmax %{{.*}} : tensor<2x8xbf16>
  %4 = umc.softmax %3 : tensor<2x8xbf16>
  // CHECK: umc.softmax %{{.*}} axis = 0 : tensor<2x8xbf16>
  %5 = umc.softmax %4 axis = 0 : tensor<2x8xbf16>
  return %5 : tensor<2x8xbf16>
}

// -----

// CHECK-LABEL: func.func @contractions
func.func @contractions(%x: tensor<2x8x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>,
                        %q: tensor<2x4x8x16xf32>, %kt: tensor<4x16x8xf32>,
                        %ids: tensor<2x8xi64>, %table: tensor<100x16xf16>)
    -> (tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x4x8x8xf32>, tensor<2x8x16xf16>) {
  // CHECK: umc.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x8x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %0 = umc.linear %x, %w, %b : (tensor<2x8x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.linear %{{.*}}, %{{.*}} : (tensor<2x8x16xf32>, tensor<32x16xf32>) -> tensor<2x8x32xf32>
  %1 = umc.linear %x, %w : (tensor<2x8x16xf32>, tensor<32x16xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.matmul %{{.*}}, %{{.*}} : (tensor<2x4x8x16xf32>, tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32>
  %2 = umc.matmul %q, %kt : (tensor<2x4x8x16xf32>, tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.embedding %{{.*}}, %{{.*}} : (tensor<2x8xi64>, tensor<100x16xf16>) -> tensor<2x8x16xf16>
  %3 = umc.embedding %ids, %table : (tensor<2x8xi64>, tensor<100x16xf16>) -> tensor<2x8x16xf16>
  return %0, %1, %2, %3 : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x4x8x8xf32>, tensor<2x8x16xf16>
}

// -----

// CHECK-LABEL: func.func @norms
func.func @norms(%x: tensor<2x8x32xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>,
                 %img: tensor<2x32x4x4xf32>) -> (tensor<2x8x32xf32>, tensor<2x32x4x4xf32>) {
  // CHECK: umc.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}} : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %0 = umc.layer_norm %x scale %g bias %b : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.layer_norm %{{.*}} eps = 1.000000e-03 : (tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  %1 = umc.layer_norm %0 eps = 1.0e-3 : (tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.layer_norm %{{.*}} bias %{{.*}} : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %2 = umc.layer_norm %1 bias %b : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.rms_norm %{{.*}} scale %{{.*}} eps = 1.000000e-05 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  %3 = umc.rms_norm %2 scale %g eps = 1.0e-5 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  // CHECK: umc.group_norm %{{.*}} scale %{{.*}} bias %{{.*}} groups = 8 : (tensor<2x32x4x4xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x4x4xf32>
  %4 = umc.group_norm %img scale %g bias %b groups = 8 : (tensor<2x32x4x4xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x4x4xf32>
  return %3, %4 : tensor<2x8x32xf32>, tensor<2x32x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<2x4x8x16xf32>, %k: tensor<2x2x8x16xf32>, %v: tensor<2x2x8x8xf32>,
                     %pos: tensor<8xi32>, %gq: tensor<16xf32>, %gk: tensor<16xf32>,
                     %kc: tensor<2x2x12x16xf32>, %vc: tensor<2x2x12x8xf32>, %k8: tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32> {
  // CHECK: umc.rope %{{.*}}, %{{.*}} : (tensor<2x4x8x16xf32>, tensor<8xi32>) -> tensor<2x4x8x16xf32>
  %qr = umc.rope %q, %pos : (tensor<2x4x8x16xf32>, tensor<8xi32>) -> tensor<2x4x8x16xf32>
  // CHECK: umc.rope %{{.*}}, %{{.*}} theta = 5.000000e+05 : (tensor<2x2x8x16xf32>, tensor<8xi32>) -> tensor<2x2x8x16xf32>
  %kr = umc.rope %k, %pos theta = 5.0e5 : (tensor<2x2x8x16xf32>, tensor<8xi32>) -> tensor<2x2x8x16xf32>
  // CHECK: umc.attention %{{.*}}, %{{.*}}, %{{.*}} mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  %0 = umc.attention %qr, %kr, %v mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.attention {{.*}} mask <full> scale = 1.250000e-01 :
  %1 = umc.attention %0, %k8, %v mask <full> scale = 0.125 : (tensor<2x4x8x8xf32>, tensor<2x2x8x8xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.attention {{.*}} mask <omni, spans = [2, 6]> qk_norm(%{{.*}}, %{{.*}}) :
  %2 = umc.attention %q, %k, %v mask <omni, spans = [2, 6]> qk_norm(%gq, %gk) : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.attention {{.*}} mask <sliding_window, window = 3> :
  %3 = umc.attention %q, %k, %v mask <sliding_window, window = 3> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.attention {{.*}} mask <block_sparse, block = 4, layout = [1, 0, 1, 1]> :
  %4 = umc.attention %q, %k, %v mask <block_sparse, block = 4, layout = [1, 0, 1, 1]> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x8xf32>) -> tensor<2x4x8x8xf32>
  // Decoding: 8 new queries over 12 cached keys.
  // CHECK: umc.attention {{.*}} mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x12x16xf32>, tensor<2x2x12x8xf32>) -> tensor<2x4x8x8xf32>
  %5 = umc.attention %q, %kc, %vc mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x12x16xf32>, tensor<2x2x12x8xf32>) -> tensor<2x4x8x8xf32>
  return %5 : tensor<2x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @mask_attribute
// CHECK-SAME: mask = #umc.mask<sliding_window, window = 8>
func.func @mask_attribute() attributes {mask = #umc.mask<sliding_window, window = 8>} {
  return
}

// -----

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x8x32xf32>, %y: tensor<2x4x32xf32>, %i: tensor<6xi8>)
    -> (tensor<16x32xf32>, tensor<32x8x2xf32>, tensor<2x12x32xf32>, tensor<2x2x16xf32>, tensor<3xi8>) {
  // CHECK: umc.reshape %{{.*}} : tensor<2x8x32xf32> -> tensor<16x32xf32>
  %0 = umc.reshape %x : tensor<2x8x32xf32> -> tensor<16x32xf32>
  // CHECK: umc.transpose %{{.*}} [2, 1, 0] : tensor<2x8x32xf32> -> tensor<32x8x2xf32>
  %1 = umc.transpose %x [2, 1, 0] : tensor<2x8x32xf32> -> tensor<32x8x2xf32>
  // CHECK: umc.concat %{{.*}}, %{{.*}} axis = 1 : (tensor<2x8x32xf32>, tensor<2x4x32xf32>) -> tensor<2x12x32xf32>
  %2 = umc.concat %x, %y axis = 1 : (tensor<2x8x32xf32>, tensor<2x4x32xf32>) -> tensor<2x12x32xf32>
  // CHECK: umc.slice %{{.*}} offsets = [0, 4, 0] sizes = [2, 2, 16] strides = [1, 2, 2] : tensor<2x8x32xf32> -> tensor<2x2x16xf32>
  %3 = umc.slice %x offsets = [0, 4, 0] sizes = [2, 2, 16] strides = [1, 2, 2] : tensor<2x8x32xf32> -> tensor<2x2x16xf32>
  // CHECK: umc.slice %{{.*}} offsets = [3] sizes = [3] : tensor<6xi8> -> tensor<3xi8>
  %4 = umc.slice %i offsets = [3] sizes = [3] : tensor<6xi8> -> tensor<3xi8>
  return %0, %1, %2, %3, %4 : tensor<16x32xf32>, tensor<32x8x2xf32>, tensor<2x12x32xf32>, tensor<2x2x16xf32>, tensor<3xi8>
}

// -----

// CHECK-LABEL: func.func @images
func.func @images(%img: tensor<2x3x16x16xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>,
                  %dw: tensor<3x1x3x3xf32>) -> (tensor<2x8x8x8xf32>, tensor<2x3x12x12xf32>, tensor<2x16x48xf32>) {
  // CHECK: umc.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1] : (tensor<2x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>
  %0 = umc.conv2d %img, %w, %b strides = [2, 2] padding = [1, 1] : (tensor<2x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>
  // Depthwise, dilated.
  // CHECK: umc.conv2d %{{.*}}, %{{.*}} dilation = [2, 2] groups = 3 : (tensor<2x3x16x16xf32>, tensor<3x1x3x3xf32>) -> tensor<2x3x12x12xf32>
  %1 = umc.conv2d %img, %dw dilation = [2, 2] groups = 3 : (tensor<2x3x16x16xf32>, tensor<3x1x3x3xf32>) -> tensor<2x3x12x12xf32>
  // CHECK: umc.patchify %{{.*}} patch_size = 4 : (tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32>
  %2 = umc.patchify %img patch_size = 4 : (tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32>
  return %0, %1, %2 : tensor<2x8x8x8xf32>, tensor<2x3x12x12xf32>, tensor<2x16x48xf32>
}

// -----

// CHECK-LABEL: func.func @params
// CHECK-SAME: %{{.*}}: tensor<8x4xf32> {umc.param = "fc.weight"}, %{{.*}}: tensor<8xf32> {umc.param = "fc.bias"}
func.func @params(%x: tensor<2x4xf32>, %w: tensor<8x4xf32> {umc.param = "fc.weight"},
                  %b: tensor<8xf32> {umc.param = "fc.bias"}) -> tensor<2x8xf32> {
  %0 = umc.linear %x, %w, %b : (tensor<2x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @fusion
// CHECK:         %[[F:.*]]:2 = umc.fusion "residual_norm" : tensor<4x8xf32>, tensor<4x8xf32> {
// CHECK-NEXT:      %[[H:.*]] = umc.add %{{.*}}, %{{.*}}
// CHECK-NEXT:      %[[N:.*]] = umc.layer_norm %[[H]]
// CHECK-NEXT:      umc.yield %[[H]], %[[N]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[F]]#0, %[[F]]#1
func.func @fusion(%x: tensor<4x8xf32>, %d: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %h, %n = umc.fusion "residual_norm" : tensor<4x8xf32>, tensor<4x8xf32> {
    %0 = umc.add %x, %d : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %1 = umc.layer_norm %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
    umc.yield %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
  }
  return %h, %n : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @math_casts_and_selection
func.func @math_casts_and_selection(%x: tensor<4x32xf32>, %c: tensor<4x1xi8>, %i: tensor<4xi32>) -> (tensor<4x32xf32>, tensor<4x32xbf16>, tensor<4xf32>) {
  // CHECK: umc.log %{{.*}} : tensor<4x32xf32>
  %0 = umc.log %x : tensor<4x32xf32>
  // CHECK: umc.sin
  %1 = umc.sin %0 : tensor<4x32xf32>
  // CHECK: umc.cos
  %2 = umc.cos %1 : tensor<4x32xf32>
  // CHECK: umc.sqrt
  %3 = umc.sqrt %2 : tensor<4x32xf32>
  // CHECK: umc.rsqrt
  %4 = umc.rsqrt %3 : tensor<4x32xf32>
  // CHECK: umc.sigmoid
  %5 = umc.sigmoid %4 : tensor<4x32xf32>
  // CHECK: umc.neg
  %6 = umc.neg %5 : tensor<4x32xf32>
  // CHECK: umc.maximum %{{.*}}, %{{.*}} : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %7 = umc.maximum %6, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.minimum
  %8 = umc.minimum %7, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x1xi8>, tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %9 = umc.where %c, %8, %x : (tensor<4x1xi8>, tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  // CHECK: umc.cast %{{.*}} : tensor<4x32xf32> -> tensor<4x32xbf16>
  %10 = umc.cast %9 : tensor<4x32xf32> -> tensor<4x32xbf16>
  // CHECK: umc.cast %{{.*}} : tensor<4xi32> -> tensor<4xf32>
  %11 = umc.cast %i : tensor<4xi32> -> tensor<4xf32>
  return %9, %10, %11 : tensor<4x32xf32>, tensor<4x32xbf16>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reductions_and_indices
func.func @reductions_and_indices(%x: tensor<2x7x5xf32>) -> (tensor<2x5xf32>, tensor<2x7x1xf32>, tensor<7x5xf32>, tensor<2x7xi64>, tensor<7xi32>, tensor<2x3x5xf32>, tensor<2x4x5xf32>) {
  // CHECK: umc.sum %{{.*}} axis = 1 : tensor<2x7x5xf32> -> tensor<2x5xf32>
  %0 = umc.sum %x axis = 1 : tensor<2x7x5xf32> -> tensor<2x5xf32>
  // CHECK: umc.mean %{{.*}} axis = -1 keep_dim : tensor<2x7x5xf32> -> tensor<2x7x1xf32>
  %1 = umc.mean %x axis = -1 keep_dim : tensor<2x7x5xf32> -> tensor<2x7x1xf32>
  // CHECK: umc.max %{{.*}} axis = 0 : tensor<2x7x5xf32> -> tensor<7x5xf32>
  %2 = umc.max %x axis = 0 : tensor<2x7x5xf32> -> tensor<7x5xf32>
  // CHECK: umc.argmax %{{.*}} axis = 2 : tensor<2x7x5xf32> -> tensor<2x7xi64>
  %3 = umc.argmax %x axis = 2 : tensor<2x7x5xf32> -> tensor<2x7xi64>
  // CHECK: umc.iota axis = 0 : tensor<7xi32>
  %4 = umc.iota axis = 0 : tensor<7xi32>
  // CHECK: umc.split %{{.*}} axis = 1 : tensor<2x7x5xf32> -> tensor<2x3x5xf32>, tensor<2x4x5xf32>
  %5:2 = umc.split %x axis = 1 : tensor<2x7x5xf32> -> tensor<2x3x5xf32>, tensor<2x4x5xf32>
  return %0, %1, %2, %3, %4, %5#0, %5#1 : tensor<2x5xf32>, tensor<2x7x1xf32>, tensor<7x5xf32>, tensor<2x7xi64>, tensor<7xi32>, tensor<2x3x5xf32>, tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @attention_runtime_masks
func.func @attention_runtime_masks(%q: tensor<2x4x1x16xf32>, %kc: tensor<2x2x32x16xf32>, %vc: tensor<2x2x32x16xf32>,
                                   %bias: tensor<4x1x32xf32>, %keep: tensor<2x32xi8>, %pos: tensor<i32>,
                                   %x: tensor<2x4x1x16xf32>, %positions: tensor<2x1xi32>) -> (tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>) {
  // CHECK: umc.attention %{{.*}}, %{{.*}}, %{{.*}} mask <causal> bias %{{.*}} key_padding %{{.*}} query_offset %{{.*}} : (tensor<2x4x1x16xf32>, tensor<2x2x32x16xf32>, tensor<2x2x32x16xf32>, tensor<4x1x32xf32>, tensor<2x32xi8>, tensor<i32>) -> tensor<2x4x1x16xf32>
  %0 = umc.attention %q, %kc, %vc mask <causal> bias %bias key_padding %keep query_offset %pos : (tensor<2x4x1x16xf32>, tensor<2x2x32x16xf32>, tensor<2x2x32x16xf32>, tensor<4x1x32xf32>, tensor<2x32xi8>, tensor<i32>) -> tensor<2x4x1x16xf32>
  // CHECK: umc.rope %{{.*}}, %{{.*}} : (tensor<2x4x1x16xf32>, tensor<2x1xi32>) -> tensor<2x4x1x16xf32>
  %1 = umc.rope %x, %positions : (tensor<2x4x1x16xf32>, tensor<2x1xi32>) -> tensor<2x4x1x16xf32>
  return %0, %1 : tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>
}

// -----

// CHECK-LABEL: func.func @update_slice
func.func @update_slice(%c: tensor<1x4x16x8xf32>, %u: tensor<1x4x1x8xf32>, %p: tensor<i32>) -> tensor<1x4x16x8xf32> {
  // CHECK: umc.update_slice %{{.*}}, %{{.*}} at %{{.*}} axis = -2 : (tensor<1x4x16x8xf32>, tensor<1x4x1x8xf32>, tensor<i32>) -> tensor<1x4x16x8xf32>
  %0 = umc.update_slice %c, %u at %p axis = -2 : (tensor<1x4x16x8xf32>, tensor<1x4x1x8xf32>, tensor<i32>) -> tensor<1x4x16x8xf32>
  return %0 : tensor<1x4x16x8xf32>
}

// -----

// CHECK-LABEL: func.func @ar_block
func.func @ar_block(%x: tensor<1x1x32xf32>, %pos: tensor<1xi32>, %g: tensor<32xf32>, %w: tensor<32x32xf32>, %wkv: tensor<16x32xf32>, %w1: tensor<40x32xf32>, %w2: tensor<32x40xf32>, %kc: tensor<1x2x16x8xf32>, %p: tensor<i32>) -> (tensor<1x1x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>) {
  // CHECK: umc.ar_block %{{.*}} positions %{{.*}} attn_norm(%{{.*}}) attn(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) mlp_norm(%{{.*}}) mlp(%{{.*}}, %{{.*}}, %{{.*}}) cache(%{{.*}}, %{{.*}}) at %{{.*}} heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 5.000000e+05 eps = 9.9999999999999995E-7 :
  %y:3 = umc.ar_block %x positions %pos attn_norm(%g) attn(%w, %wkv, %wkv, %w) mlp_norm(%g) mlp(%w1, %w2, %w1) cache(%kc, %kc) at %p heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 5.0e+05 eps = 1.0e-06 : (tensor<1x1x32xf32>, tensor<1xi32>, tensor<32xf32>, tensor<32x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<40x32xf32>, tensor<32x40xf32>, tensor<40x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>, tensor<i32>) -> (tensor<1x1x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>)
  return %y#0, %y#1, %y#2 : tensor<1x1x32xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>
}

// -----

// CHECK-LABEL: func.func @sample
func.func @sample(%l: tensor<2x100xbf16>, %seed: tensor<i64>, %step: tensor<i64>, %t: tensor<f32>, %k: tensor<i32>, %p: tensor<f32>) -> (tensor<2xi32>, tensor<2xi64>) {
  // CHECK: umc.sample %{{.*}} seed %{{.*}} counter %{{.*}} temperature %{{.*}} top_k %{{.*}} top_p %{{.*}} : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<2xi32>
  %0 = umc.sample %l seed %seed counter %step temperature %t top_k %k top_p %p : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<2xi32>
  // CHECK: umc.sample %{{.*}} seed %{{.*}} counter %{{.*}} top_p %{{.*}} : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>) -> tensor<2xi64>
  %1 = umc.sample %l seed %seed counter %step top_p %p : (tensor<2x100xbf16>, tensor<i64>, tensor<i64>, tensor<f32>) -> tensor<2xi64>
  return %0, %1 : tensor<2xi32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @diffusion
func.func @diffusion(%t: tensor<2xf32>, %x: tensor<2x16x64xf32>, %s: tensor<2x64xf32>, %img: tensor<2x4x8x8xf32>, %v: tensor<2x4x8x8xf32>, %w: tensor<f32>, %t0: tensor<f32>, %t1: tensor<f32>) -> (tensor<2x256xf32>, tensor<2x16x64xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>) {
  // CHECK: umc.timestep_embed %{{.*}} dim = 256 max_period = 1.000000e+03 : (tensor<2xf32>) -> tensor<2x256xf32>
  %0 = umc.timestep_embed %t dim = 256 max_period = 1.0e+03 : (tensor<2xf32>) -> tensor<2x256xf32>
  // CHECK: umc.modulate %{{.*}} shift %{{.*}} scale %{{.*}} : (tensor<2x16x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x16x64xf32>
  %1 = umc.modulate %x shift %s scale %s : (tensor<2x16x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x16x64xf32>
  // CHECK: umc.diffusion_step %{{.*}}, %{{.*}} uncond %{{.*}} guidance %{{.*}} at %{{.*}} to %{{.*}} sampler = flow_euler
  %2 = umc.diffusion_step %img, %v uncond %v guidance %w at %t0 to %t1 sampler = flow_euler : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  // CHECK: umc.diffusion_step %{{.*}}, %{{.*}} first %{{.*}} at %{{.*}} to %{{.*}} sampler = flow_heun
  %3 = umc.diffusion_step %img, %v first %v at %t0 to %t1 sampler = flow_heun : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<f32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  return %0, %1, %2, %3 : tensor<2x256xf32>, tensor<2x16x64xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @random_normal
func.func @random_normal(%s: tensor<i64>, %c: tensor<i64>) -> tensor<1x4x8x8xbf16> {
  // CHECK: umc.random_normal seed %{{.*}} counter %{{.*}} : (tensor<i64>, tensor<i64>) -> tensor<1x4x8x8xbf16>
  %0 = umc.random_normal seed %s counter %c : (tensor<i64>, tensor<i64>) -> tensor<1x4x8x8xbf16>
  return %0 : tensor<1x4x8x8xbf16>
}

// -----

// CHECK-LABEL: func.func @router
func.func @router(%l: tensor<37x5xf32>, %h: tensor<8x4xbf16>, %s: tensor<i64>, %c: tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>, tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>) {
  // CHECK: umc.router %{{.*}} top_k = 2 capacity = 16 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  %0:4 = umc.router %l top_k = 2 capacity = 16 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  // The default temperature is not printed.
  // CHECK: umc.router %{{.*}} seed %{{.*}} counter %{{.*}} top_k = 1 renormalize : (tensor<8x4xbf16>, tensor<i64>, tensor<i64>) -> (tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>)
  %1:4 = umc.router %h seed %s counter %c top_k = 1 temperature = 1.0 renormalize : (tensor<8x4xbf16>, tensor<i64>, tensor<i64>) -> (tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>)
  // CHECK: umc.router %{{.*}} seed %{{.*}} counter %{{.*}} top_k = 2 temperature = 5.000000e-01 :
  %2:4 = umc.router %l seed %s counter %c top_k = 2 temperature = 0.5 : (tensor<37x5xf32>, tensor<i64>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
  return %0#0, %2#1, %0#2, %0#3, %1#0, %1#1, %1#2, %1#3 : tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>, tensor<8x1xi32>, tensor<8x1xbf16>, tensor<i32>, tensor<bf16>
}

// -----

// CHECK-LABEL: func.func @moe
func.func @moe(%x: tensor<37x16xf32>, %i: tensor<37x2xi32>, %j: tensor<37x2xi64>, %g: tensor<37x2xf32>, %w1: tensor<5x24x16xf32>, %w2: tensor<5x16x24xf32>, %w3: tensor<5x24x16xf32>) -> (tensor<37x16xf32>, tensor<37x16xf32>) {
  // CHECK: umc.moe %{{.*}}, %{{.*}}, %{{.*}} experts(%{{.*}}, %{{.*}}, %{{.*}}) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
  %0 = umc.moe %x, %i, %g experts(%w1, %w2, %w3) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
  // CHECK: umc.moe %{{.*}}, %{{.*}}, %{{.*}} experts(%{{.*}}, %{{.*}}) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xi64>,
  %1 = umc.moe %x, %j, %g experts(%w1, %w2) mlp = gelu : (tensor<37x16xf32>, tensor<37x2xi64>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>) -> tensor<37x16xf32>
  return %0, %1 : tensor<37x16xf32>, tensor<37x16xf32>
}

// -----

// CHECK-LABEL: func.func @task_router
func.func @task_router(%x: tensor<3x7x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<4x32xf32>, %b2: tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>) {
  // CHECK: umc.task_router %{{.*}} pool = mean mlp(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  %0:2 = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  // CHECK: umc.task_router %{{.*}} pool = first mlp
  %1:2 = umc.task_router %x pool = first mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
  return %0#0, %1#1 : tensor<3x4xf32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @vq
func.func @vq(%z: tensor<2x37x8xbf16>, %c: tensor<5x8xbf16>) -> tensor<2x37x8xbf16> {
  // CHECK: %[[IDS:.*]] = umc.vq_quantize %{{.*}}, %{{.*}} : (tensor<2x37x8xbf16>, tensor<5x8xbf16>) -> tensor<2x37xi32>
  %ids = umc.vq_quantize %z, %c : (tensor<2x37x8xbf16>, tensor<5x8xbf16>) -> tensor<2x37xi32>
  // CHECK: umc.vq_lookup %[[IDS]], %{{.*}} : (tensor<2x37xi32>, tensor<5x8xbf16>) -> tensor<2x37x8xbf16>
  %zq = umc.vq_lookup %ids, %c : (tensor<2x37xi32>, tensor<5x8xbf16>) -> tensor<2x37x8xbf16>
  return %zq : tensor<2x37x8xbf16>
}

// -----

// CHECK-LABEL: func.func @unmask
func.func @unmask(%t: tensor<2x37xi64>, %l: tensor<2x37x11xf16>, %s: tensor<i64>, %c: tensor<i64>, %m: tensor<i32>, %temp: tensor<f32>) -> (tensor<2x37xi64>, tensor<2x37xi64>) {
  // CHECK: umc.unmask %{{.*}}, %{{.*}} mask_id = 10 seed %{{.*}} counter %{{.*}} masked_after %{{.*}} temperature %{{.*}} : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>) -> tensor<2x37xi64>
  %0 = umc.unmask %t, %l mask_id = 10 seed %s counter %c masked_after %m temperature %temp : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>) -> tensor<2x37xi64>
  // CHECK: umc.unmask %{{.*}}, %{{.*}} mask_id = 0 seed %{{.*}} counter %{{.*}} masked_after %{{.*}} : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi64>
  %1 = umc.unmask %0, %l mask_id = 0 seed %s counter %c masked_after %m : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2x37xi64>
  return %0, %1 : tensor<2x37xi64>, tensor<2x37xi64>
}

// -----

// CHECK-LABEL: func.func @patches
func.func @patches(%img: tensor<2x3x8x12xf32>, %w: tensor<64x3x4x4xf32>, %b: tensor<64xf32>, %pos: tensor<6x64xf32>, %x: tensor<2x6x64xf32>, %g: tensor<2x64xf32>) -> (tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>) {
  // CHECK: umc.patch_embed %{{.*}}, %{{.*}}, %{{.*}} positions %{{.*}} patch_size = 4 : (tensor<2x3x8x12xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>, tensor<6x64xf32>) -> tensor<2x6x64xf32>
  %0 = umc.patch_embed %img, %w, %b positions %pos patch_size = 4 : (tensor<2x3x8x12xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>, tensor<6x64xf32>) -> tensor<2x6x64xf32>
  // CHECK: umc.gated_add %{{.*}}, %{{.*}} gate %{{.*}} : (tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x64xf32>) -> tensor<2x6x64xf32>
  %1 = umc.gated_add %x, %0 gate %g : (tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x64xf32>) -> tensor<2x6x64xf32>
  %p = umc.reshape %x : tensor<2x6x64xf32> -> tensor<2x6x64xf32>
  %q = umc.slice %p offsets = [0, 0, 0] sizes = [2, 6, 48] : tensor<2x6x64xf32> -> tensor<2x6x48xf32>
  // CHECK: umc.unpatchify %{{.*}} patch_size = 4 : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  %2 = umc.unpatchify %q patch_size = 4 : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  // CHECK: umc.unpatchify %{{.*}} patch_size = 4 channels_last : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  %3 = umc.unpatchify %q patch_size = 4 channels_last : (tensor<2x6x48xf32>) -> tensor<2x3x8x12xf32>
  return %0, %1, %2, %3 : tensor<2x6x64xf32>, tensor<2x6x64xf32>, tensor<2x3x8x12xf32>, tensor<2x3x8x12xf32>
}
