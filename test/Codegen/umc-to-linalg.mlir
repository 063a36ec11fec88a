// RUN: umc-opt %s -split-input-file --umc-to-linalg | FileCheck %s

// Every umc op family lowers to linalg/tensor/arith/math with the math of its
// documentation; f16/bf16 compute in f32 and round once; the root of each
// lowering carries umc.partition. No umc op survives (every primitive has a
// lowering, so the pass has no error case to test).

// Broadcast operands read through maps that pin stretched dims to 0 and drop
// missing leading dims.
// CHECK-DAG:   #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG:   #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME:    (%[[X:.*]]: tensor<4x1x8xf32>, %[[Y:.*]]: tensor<3x1xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x3x8xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[Y]] : tensor<4x1x8xf32>, tensor<3x1xf32>) outs(%[[E]] : tensor<4x3x8xf32>)
// CHECK-SAME:      umc.partition = #umc.partition<loops = 3>
// CHECK:           arith.addf
// CHECK:         return %[[R]]
// CHECK-NOT:     umc.
func.func @add_broadcast(%a: tensor<4x1x8xf32>, %b: tensor<3x1xf32>) -> tensor<4x3x8xf32> {
  %0 = umc.add %a, %b : (tensor<4x1x8xf32>, tensor<3x1xf32>) -> tensor<4x3x8xf32>
  return %0 : tensor<4x3x8xf32>
}

// -----

// Integer arithmetic stays integer; division is signed.
// CHECK-LABEL: func.func @integer_binary
// CHECK:         linalg.generic
// CHECK:           arith.subi
// CHECK:         linalg.generic
// CHECK:           arith.muli
// CHECK:         linalg.generic
// CHECK:           arith.divsi
// CHECK-NOT:     arith.{{.*}}f
// CHECK-NOT:     umc.
func.func @integer_binary(%a: tensor<4x3xi32>, %b: tensor<3xi32>) -> tensor<4x3xi32> {
  %0 = umc.sub %a, %b : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %1 = umc.mul %0, %b : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4x3xi32>
  %2 = umc.div %1, %a : (tensor<4x3xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  return %2 : tensor<4x3xi32>
}

// -----

// silu(x) = x / (1 + exp(-x)).
// CHECK-LABEL: func.func @unary
// CHECK:         linalg.generic {{.*}}umc.partition = #umc.partition<loops = 2>
// CHECK:           math.exp
// CHECK:         linalg.generic {{.*}}umc.partition = #umc.partition<loops = 2>
// CHECK:           math.tanh
// CHECK:         linalg.generic {{.*}}umc.partition = #umc.partition<loops = 2>
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT:      %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[IN]], %[[DEN]] : f32
// CHECK-NEXT:      linalg.yield %[[Q]] : f32
func.func @unary(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = umc.exp %x : tensor<2x8xf32>
  %1 = umc.tanh %0 : tensor<2x8xf32>
  %2 = umc.silu %1 : tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

// -----

// gelu on bf16: extend, compute in f32, truncate once.
// erf form: 0.5 x (1 + erf(x / sqrt 2)); tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
// CHECK-LABEL: func.func @gelu_bf16
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<2x8xbf16>) outs(%{{.*}} : tensor<2x8xbf16>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT:      %[[X:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK:           %[[C:.*]] = arith.constant 0.707106769 : f32
// CHECK-NEXT:      %[[S:.*]] = arith.mulf %[[X]], %[[C]] : f32
// CHECK-NEXT:      %[[ERF:.*]] = math.erf %[[S]] : f32
// CHECK-NEXT:      %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[HX:.*]] = arith.mulf %[[HALF]], %[[X]] : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ONE]], %[[ERF]] : f32
// CHECK-NEXT:      %[[Y:.*]] = arith.mulf %[[HX]], %[[SUM]] : f32
// CHECK-NEXT:      %[[T:.*]] = arith.truncf %[[Y]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[T]] : bf16
// CHECK:         linalg.generic
// CHECK:           arith.extf %{{.*}} : bf16 to f32
// CHECK:           arith.constant 4.471500e-02 : f32
// CHECK:           arith.constant 0.797884583 : f32
// CHECK:           math.tanh %{{.*}} : f32
// CHECK:           arith.truncf %{{.*}} : f32 to bf16
// CHECK-NOT:     math.erf
func.func @gelu_bf16(%x: tensor<2x8xbf16>) -> (tensor<2x8xbf16>, tensor<2x8xbf16>) {
  %0 = umc.gelu %x : tensor<2x8xbf16>
  %1 = umc.gelu %x approximate = tanh : tensor<2x8xbf16>
  return %0, %1 : tensor<2x8xbf16>, tensor<2x8xbf16>
}

// -----

// softmax over the last axis (the default -1): a max and a sum reduce dim 2,
// the quotient is the root; the two outer dims may be split.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @softmax_last_axis
// CHECK-SAME:    (%[[X:.*]]: tensor<2x4x8xf32>)
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[MAX0:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x4x8xf32>) outs(%[[MAX0]] : tensor<2x4xf32>) {
// CHECK:           arith.maximumf
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[MAX]] : {{.*}}) outs(%{{.*}} : tensor<2x4xf32>) {
// CHECK:           arith.subf
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      arith.addf
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8xf32>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK:           arith.subf
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      arith.divf
// CHECK:         return %[[R]]
func.func @softmax_last_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// softmax over a middle axis: the reductions run over dim 1 and only dim 0
// may be split. The same for axis = 1 and axis = -2 (a negative axis counts
// from the back; it once lowered as a huge unsigned axis).
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$MID:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_middle_axis
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]], #[[$MID]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]], #[[$MID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %[[MAX]], %[[SUM]] : tensor<2x4x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK-SAME:      umc.partition = #umc.partition<loops = 1>
// CHECK-NEXT:    ^bb0
// CHECK-LABEL: func.func @softmax_negative_middle_axis
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]], #[[$MID]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$MID]], #[[$MID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %[[MAX]], %[[SUM]] : tensor<2x4x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK-SAME:      umc.partition = #umc.partition<loops = 1>
func.func @softmax_middle_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = 1 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}
func.func @softmax_negative_middle_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = -2 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// softmax over the first axis (-3 of 3): nothing may be split.
// CHECK-DAG:   #[[$FIRST:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @softmax_first_axis
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$FIRST]]], iterator_types = ["reduction", "parallel", "parallel"]} {{.*}} outs(%{{.*}} : tensor<4x8xf32>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "parallel"]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:      umc.partition = #umc.partition<loops = 0>
func.func @softmax_first_axis(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = umc.softmax %x axis = -3 : tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// softmax on bf16 keeps its max and sum in f32.
// CHECK-LABEL: func.func @softmax_bf16
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<2x8xbf16>) outs(%{{.*}} : tensor<2xf32>)
// CHECK:           arith.extf %{{.*}} : bf16 to f32
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} fastmath<reassoc,contract> : f32
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<2xf32>)
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<2x8xbf16>) attrs = {umc.partition = #umc.partition<loops = 1>}
// CHECK:           arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:      arith.truncf %{{.*}} : f32 to bf16
func.func @softmax_bf16(%x: tensor<2x8xbf16>) -> tensor<2x8xbf16> {
  %0 = umc.softmax %x : tensor<2x8xbf16>
  return %0 : tensor<2x8xbf16>
}

// -----

// linear: loops (m, n, k) reading x[m, k] and w[n, k]; m and n may be split.
// CHECK-DAG:   #[[$X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @linear_f32
// CHECK-SAME:    (%[[X:.*]]: tensor<4x16xf32>, %[[W:.*]]: tensor<8x16xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<4x8xf32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$X]], #[[$W]], #[[$O]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<4x16xf32>, tensor<8x16xf32>) outs(%[[ACC]] : tensor<4x8xf32>) attrs = {umc.partition = #umc.partition<loops = 2, split_columns = true>}
// CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32):
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[A]], %[[B]] fastmath<contract> : f32
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[C]], %[[P]] fastmath<reassoc,contract> : f32
// CHECK-NEXT:      linalg.yield %[[S]]
// CHECK:         return %[[R]]
func.func @linear_f32(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %0 = umc.linear %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// linear on bf16 with a bias: the bias seeds an f32 accumulator, the
// contraction accumulates in f32, and a rounding generic is the root.
// CHECK-DAG:   #[[$BIAS:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @linear_bf16_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x16xbf16>, %[[W:.*]]: tensor<32x16xbf16>, %[[B:.*]]: tensor<32xbf16>)
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{.*}}], {{.*}} ins(%[[B]] : tensor<32xbf16>) outs(%{{.*}} : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: bf16, %{{.*}}: f32):
// CHECK-NEXT:      %[[E:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// CHECK:         %[[ACC:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x8x16xbf16>, tensor<32x16xbf16>) outs(%[[INIT]] : tensor<2x8x32xf32>) {
// CHECK-NOT:       umc.partition
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x8x32xf32>) outs(%{{.*}} : tensor<2x8x32xbf16>) attrs = {umc.partition = #umc.partition<loops = 3, split_columns = true>}
// CHECK:           arith.truncf %{{.*}} : f32 to bf16
// CHECK:         return %[[R]]
func.func @linear_bf16_bias(%x: tensor<2x8x16xbf16>, %w: tensor<32x16xbf16>, %b: tensor<32xbf16>) -> tensor<2x8x32xbf16> {
  %0 = umc.linear %x, %w, %b : (tensor<2x8x16xbf16>, tensor<32x16xbf16>, tensor<32xbf16>) -> tensor<2x8x32xbf16>
  return %0 : tensor<2x8x32xbf16>
}

// -----

// Batched matmul with a broadcast batch dim: loops (b0, b1, m, k, n), n
// innermost so that rhs rows and result rows are read contiguously; the
// batch, row and column loops may be split (umc-select-workgroup-tiles
// never splits k), columns as for a linear.
// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-LABEL: func.func @matmul_batch_broadcast
// CHECK:         linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME:      outs(%{{.*}} : tensor<2x4x8x8xf32>) attrs = {umc.partition = #umc.partition<loops = 5, split_columns = true>}
// CHECK:           arith.mulf
// CHECK-NEXT:      arith.addf
func.func @matmul_batch_broadcast(%q: tensor<2x4x8x16xf32>, %kt: tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32> {
  %0 = umc.matmul %q, %kt : (tensor<2x4x8x16xf32>, tensor<4x16x8xf32>) -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// -----

// embedding: ids are clamped into [0, vocab - 1] before the table is read;
// only the id dims may be split.
// CHECK-DAG:   #[[$IDS:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @embedding
// CHECK-SAME:    (%[[IDS:.*]]: tensor<2x8xi64>, %[[TABLE:.*]]: tensor<100x16xf16>)
// CHECK:         linalg.generic {indexing_maps = [#[[$IDS]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<2x8xi64>) outs(%{{.*}} : tensor<2x8x16xf16>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK-NEXT:    ^bb0(%[[ID:.*]]: i64, %{{.*}}: f16):
// CHECK:           %[[I:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK:           %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[LO:.*]] = arith.maxsi %[[I]], %[[C0]] : index
// CHECK-NEXT:      %[[C99:.*]] = arith.constant 99 : index
// CHECK-NEXT:      %[[HI:.*]] = arith.minsi %[[LO]], %[[C99]] : index
// CHECK-NEXT:      %[[D:.*]] = linalg.index 2 : index
// CHECK-NEXT:      %[[V:.*]] = tensor.extract %[[TABLE]][%[[HI]], %[[D]]] : tensor<100x16xf16>
func.func @embedding(%ids: tensor<2x8xi64>, %table: tensor<100x16xf16>) -> tensor<2x8x16xf16> {
  %0 = umc.embedding %ids, %table : (tensor<2x8xi64>, tensor<100x16xf16>) -> tensor<2x8x16xf16>
  return %0 : tensor<2x8x16xf16>
}

// -----

// layer_norm on bf16: the row sum and the sum of squared deviations from the
// mean accumulate in f32; scale and bias are read along the last dim.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[$LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm_bf16
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xbf16>, %[[G:.*]]: tensor<32xbf16>, %[[B:.*]]: tensor<32xbf16>)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x8x32xbf16>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK:         %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x8xf32>)
// CHECK:           arith.constant 3.125000e-02 : f32
// CHECK:         %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[MEAN]] : tensor<2x8x32xbf16>, tensor<2x8xf32>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK:           %[[D:.*]] = arith.subf
// CHECK-NEXT:      arith.mulf %[[D]], %[[D]] : f32
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]], #[[$LAST]], #[[$LAST]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[SQ]], %[[MEAN]], %[[G]], %[[B]] :
// CHECK-SAME:      outs(%{{.*}} : tensor<2x8x32xbf16>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK:           arith.constant 1.000000e-03 : f32
// CHECK:           math.rsqrt
// CHECK:           arith.truncf %{{.*}} : f32 to bf16
// CHECK:         return %[[R]]
func.func @layer_norm_bf16(%x: tensor<2x8x32xbf16>, %g: tensor<32xbf16>, %b: tensor<32xbf16>) -> tensor<2x8x32xbf16> {
  %0 = umc.layer_norm %x scale %g bias %b eps = 1.0e-3 : (tensor<2x8x32xbf16>, tensor<32xbf16>, tensor<32xbf16>) -> tensor<2x8x32xbf16>
  return %0 : tensor<2x8x32xbf16>
}

// -----

// rms_norm: one reduction (the sum of squares), no mean.
// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xf32>, %[[G:.*]]: tensor<32xf32>)
// CHECK:         %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x8x32xf32>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[S:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-NEXT:      arith.addf %[[ACC]], %[[S]] fastmath<reassoc,contract> : f32
// CHECK:         linalg.generic {{.*}} ins(%[[X]], %[[SQ]], %[[G]] : {{.*}}) outs(%{{.*}} : tensor<2x8x32xf32>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK:           arith.constant 9.99999974E-6 : f32
// CHECK:           math.rsqrt
// CHECK-NOT:       arith.subf
// CHECK:           linalg.yield
// CHECK-NOT:     linalg.generic
func.func @rms_norm(%x: tensor<2x8x32xf32>, %g: tensor<32xf32>) -> tensor<2x8x32xf32> {
  %0 = umc.rms_norm %x scale %g eps = 1.0e-5 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
  return %0 : tensor<2x8x32xf32>
}

// -----

// group_norm [2, 32, 4, 4] with 8 groups: the statistics come from the input
// viewed as rows [2, 8, 64]; the normalization writes [2, 32, 4, 4] directly,
// reading them at (n, c floordiv 4). Batch and channels may be split, the
// channels in multiples of a group (4).
// CHECK-DAG:   #[[$STAT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 floordiv 4)>
// CHECK-DAG:   #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @group_norm
// CHECK-SAME:    (%[[X:.*]]: tensor<2x32x4x4xf32>, %[[G:.*]]: tensor<32xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<2x32x4x4xf32> into tensor<2x512xf32>
// CHECK:         %[[ROWS:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0], [1, 2]] output_shape [2, 8, 64] : tensor<2x512xf32> into tensor<2x8x64xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[ROWS]] : tensor<2x8x64xf32>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK:         arith.constant 1.562500e-02 : f32
// CHECK:         %[[N:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[$STAT]], #[[$STAT]], #[[$CH]], #[[$CH]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %{{.*}}, %{{.*}}, %[[G]], %[[B]] :
// CHECK-SAME:      attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK-NOT:     tensor.expand_shape
// CHECK:         return %[[N]]
func.func @group_norm(%x: tensor<2x32x4x4xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>) -> tensor<2x32x4x4xf32> {
  %0 = umc.group_norm %x scale %g bias %b groups = 8 : (tensor<2x32x4x4xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x4x4xf32>
  return %0 : tensor<2x32x4x4xf32>
}

// -----

// rope (rotate-half, D = 16): element i pairs with i + 8 (i < 8) or i - 8;
// the angle is pos[s] * freq[i], freq[i] = theta^(-2 (i mod 8) / 16) a
// constant table read by the last loop; the row (last dim) stays whole
// because the partner is read from elsewhere in it.
// CHECK-DAG:   #[[$POS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-DAG:   #[[$LAST:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @rope
// CHECK-SAME:    (%[[X:.*]]: tensor<2x4x8x16xf32>, %[[P:.*]]: tensor<8xi32>)
// CHECK:         %[[FREQ:.*]] = arith.constant dense<[1.000000e+00, 0.316227764, 1.000000e-01, 0.0316227749, 0.00999999977, 0.00316227763, 1.000000e-03, 3.16227757E-4, 1.000000e+00, 0.316227764, {{.*}}]> : tensor<16xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$POS]], #[[$LAST]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[P]], %[[FREQ]] : tensor<2x4x8x16xf32>, tensor<8xi32>, tensor<16xf32>) {{.*}} attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:           ^bb0(%{{.*}}: f32, %[[POSV:.*]]: i32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[I:.*]] = linalg.index 3 : index
// CHECK:           %[[FIRST:.*]] = arith.cmpi ult, %[[I]], %{{.*}} : index
// CHECK:           tensor.extract %[[X]]
// CHECK:           %[[PF:.*]] = arith.sitofp %[[POSV]] : i32 to f32
// CHECK:           %[[ANGLE:.*]] = arith.mulf %[[PF]], %[[F]] : f32
// CHECK:           math.cos %[[ANGLE]]
// CHECK:           math.sin %[[ANGLE]]
// CHECK:           %[[NEG:.*]] = arith.negf
// CHECK:           arith.select %[[FIRST]], %[[NEG]], %{{.*}} : f32
func.func @rope(%x: tensor<2x4x8x16xf32>, %pos: tensor<8xi32>) -> tensor<2x4x8x16xf32> {
  %0 = umc.rope %x, %pos : (tensor<2x4x8x16xf32>, tensor<8xi32>) -> tensor<2x4x8x16xf32>
  return %0 : tensor<2x4x8x16xf32>
}

// -----

// rope with one row of positions per sample reads them by (batch, seq).
// CHECK-DAG:   #[[$POS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2)>
// CHECK-LABEL: func.func @rope_positions_per_sample
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$POS]], #{{.*}}, #{{.*}}]{{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4x8x16xf32>, tensor<2x8xi32>, tensor<16xf32>)
func.func @rope_positions_per_sample(%x: tensor<2x4x8x16xf32>, %pos: tensor<2x8xi32>) -> tensor<2x4x8x16xf32> {
  %0 = umc.rope %x, %pos : (tensor<2x4x8x16xf32>, tensor<2x8xi32>) -> tensor<2x4x8x16xf32>
  return %0 : tensor<2x4x8x16xf32>
}

// -----

// Causal grouped-query attention while decoding, bf16: 8 queries at positions
// 4..11 of 12 keys (p = s + 4), 4 query heads over 2 kv heads (h floordiv 2),
// scale 1 / sqrt(16). Scores, max and sum are f32; masked scores are -inf.
// exp(score - max) is computed once per score; the weighted sum of values
// runs t before e (e innermost), and the division by the row's sum comes
// last, once per output.
// CHECK-DAG:   #[[$Q:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG:   #[[$K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d3, d4)>
// CHECK-DAG:   #[[$P:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @attention_causal_gqa_bf16
// CHECK-SAME:    (%[[Q:.*]]: tensor<2x4x8x16xbf16>, %[[K:.*]]: tensor<2x2x12x16xbf16>, %[[V:.*]]: tensor<2x2x12x8xbf16>)
// CHECK:         %[[S:.*]] = linalg.generic {indexing_maps = [#[[$Q]], #[[$K]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[Q]], %[[K]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x12xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<2x4x8x12xf32>) outs(%{{.*}} : tensor<2x4x8xf32>)
// CHECK:           %[[SI:.*]] = linalg.index 2 : index
// CHECK-NEXT:      %[[TI:.*]] = linalg.index 3 : index
// CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT:      %[[SC:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK-NEXT:      %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT:      %[[POS:.*]] = arith.addi %[[SI]], %[[C4]] : index
// CHECK-NEXT:      %[[VIS:.*]] = arith.cmpi sle, %[[TI]], %[[POS]] : index
// CHECK-NEXT:      %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:      %[[M:.*]] = arith.select %[[VIS]], %[[SC]], %[[NINF]] : f32
// CHECK-NEXT:      arith.maximumf %{{.*}}, %[[M]] fastmath<reassoc,contract> : f32
// CHECK:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[MAX]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x12xf32>)
// CHECK:           arith.cmpi sle
// CHECK:           math.exp
// A row whose max is -inf sees no key: its exps are 0, not NaN.
// CHECK:           arith.cmpf oeq
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<2x4x8x12xf32>) outs(%{{.*}} : tensor<2x4x8xf32>)
// CHECK:           arith.addf {{.*}} fastmath<reassoc,contract> : f32
// v[b, h / G, t, e] has the same map as k[b, h / G, t, d] in these loops.
// CHECK:         %[[W:.*]] = linalg.generic {indexing_maps = [#[[$P]], #[[$K]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[EXP]], %[[V]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x8xf32>)
// CHECK:         %[[O:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[SUM]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x8xf32>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:           arith.cmpf oeq
// CHECK:           arith.divf
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[O]] : tensor<2x4x8x8xf32>) outs(%{{.*}} : tensor<2x4x8x8xbf16>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:           arith.truncf %{{.*}} : f32 to bf16
// CHECK:         return %[[R]]
func.func @attention_causal_gqa_bf16(%q: tensor<2x4x8x16xbf16>, %k: tensor<2x2x12x16xbf16>, %v: tensor<2x2x12x8xbf16>) -> tensor<2x4x8x8xbf16> {
  %0 = umc.attention %q, %k, %v mask <causal> : (tensor<2x4x8x16xbf16>, tensor<2x2x12x16xbf16>, tensor<2x2x12x8xbf16>) -> tensor<2x4x8x8xbf16>
  return %0 : tensor<2x4x8x8xbf16>
}

// -----

// A full mask compares no positions; the explicit scale is used. In f32
// the last generic is marked for a flash-attention ukernel.
// CHECK-LABEL: func.func @attention_full_scaled
// CHECK-NOT:     arith.cmpi
// CHECK:         arith.constant 5.000000e-01 : f32
// CHECK-NOT:     arith.cmpi
// CHECK:         attrs = {umc.flash_attention = {group = 1 : i64, mask = 0 : i32, queries = 4 : i64, query_offset = false, query_shift = 0 : i64, scale = 5.000000e-01 : f32, spans = array<i64>, window = 0 : i64}, umc.partition = #umc.partition<loops = 3>}
// CHECK-NOT:     arith.cmpi
// CHECK:         return
func.func @attention_full_scaled(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %0 = umc.attention %q, %k, %v mask <full> scale = 0.5 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %0 : tensor<1x2x4x8xf32>
}

// -----

// Sliding window of 3: visible when t <= p and t + 3 > p (signed: with a
// run-time offset a position may be negative).
// CHECK-LABEL: func.func @attention_sliding_window
// CHECK:         linalg.index 2
// CHECK-NEXT:    %[[T:.*]] = linalg.index 3
// CHECK:         %[[P:.*]] = arith.addi
// CHECK-NEXT:    %[[CAUSAL:.*]] = arith.cmpi sle, %[[T]], %[[P]] : index
// CHECK-NEXT:    %[[W:.*]] = arith.constant 3 : index
// CHECK-NEXT:    %[[REACH:.*]] = arith.addi %[[T]], %[[W]] : index
// CHECK-NEXT:    %[[NEAR:.*]] = arith.cmpi sgt, %[[REACH]], %[[P]] : index
// CHECK-NEXT:    %[[VIS:.*]] = arith.andi %[[CAUSAL]], %[[NEAR]] : i1
// CHECK:         arith.select %[[VIS]]
func.func @attention_sliding_window(%q: tensor<1x1x8x4xf32>, %k: tensor<1x1x8x4xf32>, %v: tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32> {
  %0 = umc.attention %q, %k, %v mask <sliding_window, window = 3> : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32>
  return %0 : tensor<1x1x8x4xf32>
}

// -----

// Block-sparse: the layout becomes an i8 constant indexed by
// (p / block) * blocks + t / block; a query outside the layout's rows (a
// run-time offset) reads row 0 and sees nothing.
// CHECK-LABEL: func.func @attention_block_sparse
// CHECK:         %[[LAYOUT:.*]] = arith.constant dense<[1, 0, 1, 1]> : tensor<4xi8>
// CHECK:         %[[T:.*]] = linalg.index 3
// CHECK:         %[[P:.*]] = arith.addi
// CHECK:         %[[BLOCK:.*]] = arith.constant 4 : index
// CHECK-NEXT:    %[[ROW:.*]] = arith.divsi %[[P]], %[[BLOCK]] : index
// CHECK:         %[[IN:.*]] = arith.andi
// CHECK:         %[[SAFE:.*]] = arith.select %[[IN]], %[[ROW]], %{{.*}} : index
// CHECK:         %[[BASE:.*]] = arith.muli %[[SAFE]], %{{.*}} : index
// CHECK-NEXT:    %[[COL:.*]] = arith.divui %[[T]], %[[BLOCK]] : index
// CHECK-NEXT:    %[[ENTRY:.*]] = arith.addi %[[BASE]], %[[COL]] : index
// CHECK-NEXT:    %[[KEPT:.*]] = tensor.extract %[[LAYOUT]][%[[ENTRY]]] : tensor<4xi8>
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK-NEXT:    %[[NZ:.*]] = arith.cmpi ne, %[[KEPT]], %[[ZERO]] : i8
// CHECK-NEXT:    %[[VIS:.*]] = arith.andi %[[IN]], %[[NZ]] : i1
// CHECK:         arith.select %[[VIS]]
func.func @attention_block_sparse(%q: tensor<1x1x8x4xf32>, %k: tensor<1x1x8x4xf32>, %v: tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32> {
  %0 = umc.attention %q, %k, %v mask <block_sparse, block = 4, layout = [1, 0, 1, 1]> : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>) -> tensor<1x1x8x4xf32>
  return %0 : tensor<1x1x8x4xf32>
}

// -----

// Decoding into a cache: the query sits at p0 + s (p0 read from the scalar
// operand), keys at p0 + S and beyond are unfilled, and padded keys are
// hidden; the padding and the offset are inputs of the generics that read
// the scores.
// CHECK-DAG:   #[[$PAD:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-DAG:   #[[$OFF:.*]] = affine_map<(d0, d1, d2, d3) -> ()>
// CHECK-LABEL: func.func @attention_query_offset_key_padding
// CHECK-SAME:    (%{{.*}}: tensor<1x2x1x4xf32>, %{{.*}}: tensor<1x2x16x4xf32>, %[[OFF:.*]]: tensor<i32>, %[[KEEP:.*]]: tensor<1x16xi8>)
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[$PAD]], #[[$OFF]], #{{.*}}]{{.*}} ins(%{{.*}}, %[[KEEP]], %[[OFF]] : tensor<1x2x1x16xf32>, tensor<1x16xi8>, tensor<i32>)
// CHECK:           %[[S:.*]] = linalg.index 2 : index
// CHECK-NEXT:      %[[T:.*]] = linalg.index 3 : index
// CHECK:           %[[P0:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK-NEXT:      %[[P:.*]] = arith.addi %[[S]], %[[P0]] : index
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[END:.*]] = arith.addi %[[P0]], %[[ONE]] : index
// CHECK-NEXT:      %[[FILLED:.*]] = arith.cmpi slt, %[[T]], %[[END]] : index
// CHECK-NEXT:      %[[CAUSAL:.*]] = arith.cmpi sle, %[[T]], %[[P]] : index
// CHECK-NEXT:      %[[BOTH:.*]] = arith.andi %[[CAUSAL]], %[[FILLED]] : i1
// CHECK:           %[[KEPT:.*]] = arith.cmpi ne
// CHECK-NEXT:      %[[VIS:.*]] = arith.andi %[[BOTH]], %[[KEPT]] : i1
// CHECK:           arith.select %[[VIS]]
func.func @attention_query_offset_key_padding(%q: tensor<1x2x1x4xf32>, %k: tensor<1x2x16x4xf32>, %p: tensor<i32>, %keep: tensor<1x16xi8>) -> tensor<1x2x1x4xf32> {
  %0 = umc.attention %q, %k, %k mask <causal> key_padding %keep query_offset %p : (tensor<1x2x1x4xf32>, tensor<1x2x16x4xf32>, tensor<1x2x16x4xf32>, tensor<1x16xi8>, tensor<i32>) -> tensor<1x2x1x4xf32>
  return %0 : tensor<1x2x1x4xf32>
}

// -----

// reshape is a view: collapse to 1-D, expand to the result; no copy.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xf32>)
// CHECK-NEXT:    %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x8x32xf32> into tensor<512xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [16, 32] : tensor<512xf32> into tensor<16x32xf32>
// CHECK-NEXT:    return %[[R]]
// CHECK-LABEL: func.func @reshape_to_flat
// CHECK-NEXT:    %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x8xf32> into tensor<16xf32>
// CHECK-NEXT:    return %[[F]]
// CHECK-LABEL: func.func @reshape_from_flat
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [2, 8] : tensor<16xf32> into tensor<2x8xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape(%x: tensor<2x8x32xf32>) -> tensor<16x32xf32> {
  %0 = umc.reshape %x : tensor<2x8x32xf32> -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}
func.func @reshape_to_flat(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %0 = umc.reshape %x : tensor<2x8xf32> -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
func.func @reshape_from_flat(%x: tensor<16xf32>) -> tensor<2x8xf32> {
  %0 = umc.reshape %x : tensor<16xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<32x8x2xf32>
// CHECK-NEXT:    %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x8x32xf32>) outs(%[[E]] : tensor<32x8x2xf32>) permutation = [2, 1, 0] {umc.partition = #umc.partition<loops = 3>}
// CHECK-NEXT:    return %[[T]]
func.func @transpose(%x: tensor<2x8x32xf32>) -> tensor<32x8x2xf32> {
  %0 = umc.transpose %x [2, 1, 0] : tensor<2x8x32xf32> -> tensor<32x8x2xf32>
  return %0 : tensor<32x8x2xf32>
}

// -----

// concat with a negative axis: -1 is the last dim, -2 the first of two (a
// negative axis once lowered as a huge unsigned one).
// CHECK-LABEL: func.func @concat_last_negative
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xf32>, %[[Y:.*]]: tensor<2x8x16xf32>, %[[Z:.*]]: tensor<2x8x4xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x8x52xf32>
// CHECK-NEXT:    %[[A:.*]] = tensor.insert_slice %[[X]] into %[[E]][0, 0, 0] [2, 8, 32] [1, 1, 1]
// CHECK-NEXT:    %[[B:.*]] = tensor.insert_slice %[[Y]] into %[[A]][0, 0, 32] [2, 8, 16] [1, 1, 1]
// CHECK-NEXT:    %[[C:.*]] = tensor.insert_slice %[[Z]] into %[[B]][0, 0, 48] [2, 8, 4] [1, 1, 1]
// CHECK-NEXT:    return %[[C]]
// CHECK-LABEL: func.func @concat_first_negative
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8xf32>, %[[Y:.*]]: tensor<3x8xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<5x8xf32>
// CHECK-NEXT:    %[[A:.*]] = tensor.insert_slice %[[X]] into %[[E]][0, 0] [2, 8] [1, 1]
// CHECK-NEXT:    %[[B:.*]] = tensor.insert_slice %[[Y]] into %[[A]][2, 0] [3, 8] [1, 1]
// CHECK-NEXT:    return %[[B]]
func.func @concat_last_negative(%x: tensor<2x8x32xf32>, %y: tensor<2x8x16xf32>, %z: tensor<2x8x4xf32>) -> tensor<2x8x52xf32> {
  %0 = umc.concat %x, %y, %z axis = -1 : (tensor<2x8x32xf32>, tensor<2x8x16xf32>, tensor<2x8x4xf32>) -> tensor<2x8x52xf32>
  return %0 : tensor<2x8x52xf32>
}
func.func @concat_first_negative(%x: tensor<2x8xf32>, %y: tensor<3x8xf32>) -> tensor<5x8xf32> {
  %0 = umc.concat %x, %y axis = -2 : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<5x8xf32>
  return %0 : tensor<5x8xf32>
}

// -----

// slice: a strided view, copied by an identity generic.
// CHECK-LABEL: func.func @slice_strided
// CHECK-SAME:    (%[[X:.*]]: tensor<2x8x32xf32>)
// CHECK:         %[[V:.*]] = tensor.extract_slice %[[X]][0, 4, 1] [2, 2, 16] [1, 2, 2] : tensor<2x8x32xf32> to tensor<2x2x16xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID:.*]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[V]] : tensor<2x2x16xf32>) outs(%{{.*}} : tensor<2x2x16xf32>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
func.func @slice_strided(%x: tensor<2x8x32xf32>) -> tensor<2x2x16xf32> {
  %0 = umc.slice %x offsets = [0, 4, 1] sizes = [2, 2, 16] strides = [1, 2, 2] : tensor<2x8x32xf32> -> tensor<2x2x16xf32>
  return %0 : tensor<2x2x16xf32>
}

// -----

// slice of a leading chunk (offset 0, stride 1, a smaller size: x[:, :7]):
// the generic's loops have the result's sizes, not the input's.
// CHECK-LABEL: func.func @slice_leading_chunk
// CHECK:         %[[V:.*]] = tensor.extract_slice %{{.*}}[0, 0] [2, 7] [1, 1] : tensor<2x24xf32> to tensor<2x7xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[V]] : tensor<2x7xf32>) outs(%{{.*}} : tensor<2x7xf32>)
func.func @slice_leading_chunk(%x: tensor<2x24xf32>) -> tensor<2x7xf32> {
  %0 = umc.slice %x offsets = [0, 0] sizes = [2, 7] : tensor<2x24xf32> -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// conv2d, stride 2, padding 1, bias: zero padding, the bias seeds the
// accumulator, loops (n, o, y, x, c, i, j); (n, o, y) may be split.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 8) * 3 + d4, d2 * 2 + d5, d3 * 2 + d6)>
// CHECK-DAG:   #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv2d_strided_padded
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x16x16xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]]
// CHECK:         tensor<2x3x16x16xf32> to tensor<2x3x18x18xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{.*}}], {{.*}} ins(%[[B]] : tensor<8xf32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[P]], %[[W]] : tensor<2x3x18x18xf32>, tensor<8x3x3x3xf32>) outs(%[[INIT]] : tensor<2x8x8x8xf32>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:         return %[[R]]
func.func @conv2d_strided_padded(%x: tensor<2x3x16x16xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x8x8xf32> {
  %0 = umc.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1] : (tensor<2x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>
  return %0 : tensor<2x8x8x8xf32>
}

// -----

// Grouped, dilated conv2d on bf16 without padding: output channel o reads
// input channel (o floordiv 2) * 2 + c; f32 accumulation, rounded once.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 2) * 2 + d4, d2 + d5 * 2, d3 + d6 * 2)>
// CHECK-LABEL: func.func @conv2d_grouped_dilated_bf16
// CHECK-NOT:     tensor.pad
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x12x12xf32>)
// CHECK:         %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[$IN]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x4x16x16xbf16>, tensor<4x2x3x3xbf16>) outs(%{{.*}} : tensor<2x4x12x12xf32>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:         linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x4x12x12xf32>) outs(%{{.*}} : tensor<2x4x12x12xbf16>) attrs = {umc.partition = #umc.partition<loops = 3>}
// CHECK:           arith.truncf %{{.*}} : f32 to bf16
func.func @conv2d_grouped_dilated_bf16(%x: tensor<2x4x16x16xbf16>, %w: tensor<4x2x3x3xbf16>) -> tensor<2x4x12x12xbf16> {
  %0 = umc.conv2d %x, %w dilation = [2, 2] groups = 2 : (tensor<2x4x16x16xbf16>, tensor<4x2x3x3xbf16>) -> tensor<2x4x12x12xbf16>
  return %0 : tensor<2x4x12x12xbf16>
}

// -----

// patchify: one copy written in the result's shape, reading
// input[n, f / 16, (l / 4) * 4 + (f % 16) / 4, (l % 4) * 4 + f % 4]; the
// workgroups split the batch and whole rows of patches (multiples of 4).
// CHECK-DAG:   #[[$READ:.*]] = affine_map<(d0, d1, d2) -> (d0, d2 floordiv 16, (d1 floordiv 4) * 4 + (d2 mod 16) floordiv 4, (d1 mod 4) * 4 + d2 mod 4)>
// CHECK-LABEL: func.func @patchify
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x16x16xf32>)
// CHECK-NEXT:    %[[E:.*]] = tensor.empty() : tensor<2x16x48xf32>
// CHECK-NEXT:    %[[R:.*]] = linalg.generic {indexing_maps = [#[[$READ]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<2x3x16x16xf32>) outs(%[[E]] : tensor<2x16x48xf32>) attrs = {umc.partition = #umc.partition<loops = 2>}
// CHECK:         return %[[R]]
func.func @patchify(%x: tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32> {
  %0 = umc.patchify %x patch_size = 4 : (tensor<2x3x16x16xf32>) -> tensor<2x16x48xf32>
  return %0 : tensor<2x16x48xf32>
}

// -----

// Ops of other dialects are left alone.
// CHECK-LABEL: func.func @other_dialects
// CHECK-NEXT:    arith.addf %{{.*}}, %{{.*}} : tensor<4xf32>
func.func @other_dialects(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %x, %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Reshapes to and from rank 0 (one element) take one step with an empty
// reassociation.
// CHECK-LABEL: func.func @reshape_to_rank0
// CHECK:         %[[S:.*]] = tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         return %[[S]]
func.func @reshape_to_rank0(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = umc.reshape %x : tensor<1x1xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @reshape_from_rank0
// CHECK:         %[[V:.*]] = tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK:         return %[[V]]
func.func @reshape_from_rank0(%x: tensor<f32>) -> tensor<1x1xf32> {
  %0 = umc.reshape %x : tensor<f32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// sigmoid: 1 / (1 + exp(-x)) in one elementwise generic.
// CHECK-LABEL: func.func @sigmoid
// CHECK:         linalg.generic
// CHECK:           %[[N:.*]] = arith.negf %{{.*}} : f32
// CHECK:           %[[E:.*]] = math.exp %[[N]] : f32
// CHECK:           %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK:           arith.divf %{{.*}}, %[[D]] : f32
func.func @sigmoid(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = umc.sigmoid %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// cast f32 -> i32 saturates (clamp, then pin the maximum the clamp rounds
// up to) and maps NaN to 0: fptosi alone is poison out of range.
// CHECK-LABEL: func.func @cast_float_to_int
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<4xi32>)
// CHECK:           %[[LO:.*]] = arith.maximumf %[[IN:.*]], %{{.*}} : f32
// CHECK:           %[[HI:.*]] = arith.minimumf %[[LO]], %{{.*}} : f32
// CHECK:           %[[I:.*]] = arith.fptosi %[[HI]] : f32 to i32
// CHECK:           %[[BIG:.*]] = arith.cmpf oge, %[[IN]]
// CHECK:           %[[S:.*]] = arith.select %[[BIG]], %{{.*}}, %[[I]] : i32
// CHECK:           %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK:           arith.select %[[NAN]], %{{.*}}, %[[S]] : i32
func.func @cast_float_to_int(%x: tensor<4xf32>) -> tensor<4xi32> {
  %0 = umc.cast %x : tensor<4xf32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// cast f32 -> bf16 rounds once, with truncf (nearest, ties to even).
// CHECK-LABEL: func.func @cast_float_to_bf16
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: bf16):
// CHECK:           %[[T:.*]] = arith.truncf %[[IN]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[T]] : bf16
func.func @cast_float_to_bf16(%x: tensor<4xf32>) -> tensor<4xbf16> {
  %0 = umc.cast %x : tensor<4xf32> -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// where: all three operands broadcast into one generic.
// CHECK-DAG:   #[[$C:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG:   #[[$B:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @where
// CHECK:         linalg.generic {indexing_maps = [#[[$C]], #{{.*}}, #[[$B]], #{{.*}}]
// CHECK:           %[[T:.*]] = arith.cmpi ne, %{{.*}}, %{{.*}} : i8
// CHECK:           arith.select %[[T]], %{{.*}}, %{{.*}} : f32
func.func @where(%c: tensor<4x1xi8>, %a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = umc.where %c, %a, %b : (tensor<4x1xi8>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// mean of bf16 with keep_dim: an f32 sum over the axis (only the dims
// before it may become workgroups), a division rounding to bf16, and a
// reshape that puts the unit dim back.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @mean_keep_dim
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<2x7x5xbf16>) outs(%{{.*}} : tensor<2x5xf32>) attrs = {umc.partition = #umc.partition<loops = 1>}
// CHECK:           arith.addf
// CHECK:         %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x5xf32>) outs(%{{.*}} : tensor<2x5xbf16>)
// CHECK:           %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK:           arith.truncf %[[Q]] : f32 to bf16
// CHECK:         tensor.expand_shape {{.*}} into tensor<2x1x5xbf16>
func.func @mean_keep_dim(%x: tensor<2x7x5xbf16>) -> tensor<2x1x5xbf16> {
  %0 = umc.mean %x axis = 1 keep_dim : tensor<2x7x5xbf16> -> tensor<2x1x5xbf16>
  return %0 : tensor<2x1x5xbf16>
}

// -----

// max over integers starts from the type's minimum.
// CHECK-LABEL: func.func @max_of_integers
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[MIN]] : i32)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:           arith.maxsi
func.func @max_of_integers(%x: tensor<2x7xi32>) -> tensor<2xi32> {
  %0 = umc.max %x axis = -1 : tensor<2x7xi32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// argmax carries (best, index): x replaces the best if larger or NaN, never
// after a NaN, and always at index 0.
// CHECK-LABEL: func.func @argmax
// CHECK:         %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<2x7xf32>) outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi32>)
// CHECK:           %[[I:.*]] = arith.index_cast %{{.*}} : index to i32
// CHECK:           arith.cmpf uno
// CHECK:           arith.cmpf ugt
// CHECK:           arith.cmpi eq, %[[I]]
// CHECK:         return %[[R]]#1 : tensor<2xi32>
func.func @argmax(%x: tensor<2x7xf32>) -> tensor<2xi32> {
  %0 = umc.argmax %x axis = 1 : tensor<2x7xf32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// iota: a generic without inputs that yields its index along the axis.
// CHECK-LABEL: func.func @iota
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x7xf32>)
// CHECK:           %[[I:.*]] = linalg.index 1 : index
// CHECK:           %[[L:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK:           arith.sitofp %[[L]] : i64 to f32
func.func @iota() -> tensor<2x7xf32> {
  %0 = umc.iota axis = 1 : tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// update_slice: insert_slice at the offset read from the scalar and clamped
// into [0, 16 - 1], so the write never leaves the cache.
// CHECK-LABEL: func.func @update_slice
// CHECK-SAME:    (%[[C:.*]]: tensor<1x4x16x8xf32>, %[[U:.*]]: tensor<1x4x1x8xf32>, %[[P:.*]]: tensor<i32>)
// CHECK:         %[[E:.*]] = tensor.extract %[[P]][] : tensor<i32>
// CHECK:         %[[I:.*]] = arith.index_cast %[[E]] : i32 to index
// CHECK:         %[[LO:.*]] = arith.maxsi %[[I]], %{{.*}} : index
// CHECK:         %[[C15:.*]] = arith.constant 15 : index
// CHECK:         %[[AT:.*]] = arith.minsi %[[LO]], %[[C15]] : index
// CHECK:         tensor.insert_slice %[[U]] into %[[C]][0, 0, %[[AT]], 0] [1, 4, 1, 8] [1, 1, 1, 1]
func.func @update_slice(%c: tensor<1x4x16x8xf32>, %u: tensor<1x4x1x8xf32>, %p: tensor<i32>) -> tensor<1x4x16x8xf32> {
  %0 = umc.update_slice %c, %u at %p axis = 2 : (tensor<1x4x16x8xf32>, tensor<1x4x1x8xf32>, tensor<i32>) -> tensor<1x4x16x8xf32>
  return %0 : tensor<1x4x16x8xf32>
}

// -----

// sample: a generic over the rows whose body draws the row with scalar
// loops over the vocabulary: the max and argmax, 33 bisection steps for the
// k-th largest key, Philox-4x32-10 (its multipliers appear as constants) for
// u, and the inverse CDF in index order.
// CHECK-LABEL: func.func @sample
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel"]{{.*}} outs(%{{.*}} : tensor<2xi32>) attrs = {umc.partition = #umc.partition<loops = 1>}
// CHECK:           scf.for
// CHECK:           %[[C33:.*]] = arith.constant 33 : index
// CHECK:           scf.for %{{.*}} = %{{.*}} to %[[C33]]
// CHECK:           arith.constant -766435501 : i32
// CHECK:           arith.constant -845247145 : i32
// CHECK:           arith.mului_extended
// CHECK:           scf.for
// CHECK:           linalg.yield
func.func @sample(%l: tensor<2x100xf32>, %seed: tensor<i64>, %step: tensor<i64>, %k: tensor<i32>) -> tensor<2xi32> {
  %0 = umc.sample %l seed %seed counter %step top_k %k : (tensor<2x100xf32>, tensor<i64>, tensor<i64>, tensor<i32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// router (bf16 logits, Gumbel, capacity, renormalize): f32 scores with
// Philox noise, the softmax in three generics, the choices by walks over
// the experts, the top-k sum, the capacity count over earlier assignments
// (rounding the gates to bf16 once), the dropped count and the balance.
// No generic carries umc.partition: the router is one workgroup.
// CHECK-LABEL: func.func @router
// CHECK-NOT:     umc.partition
// CHECK:         %[[S:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<37x5xbf16>, tensor<i64>, tensor<i64>) outs(%{{.*}} : tensor<37x5xf32>)
// CHECK:           arith.mului_extended
// CHECK:           math.log
// CHECK:           math.log
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[S]] : tensor<37x5xf32>) outs(%{{.*}} : tensor<37xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[MAX]] : tensor<37x5xf32>, tensor<37xf32>) outs(%{{.*}} : tensor<37xf32>)
// CHECK:         %[[P:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[MAX]], %[[SUM]] : {{.*}}) outs(%{{.*}} : tensor<37x5xf32>)
// CHECK:         %[[CH:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<37x2xi32>, tensor<37x2xf32>)
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               tensor.extract %[[P]]
// CHECK:         %[[TOP:.*]] = linalg.generic {{.*}} ins(%[[CH]]#1 : tensor<37x2xf32>) outs(%{{.*}} : tensor<37xf32>)
// CHECK:         %[[IDS:.*]]:2 = linalg.generic {{.*}} ins(%[[CH]]#0, %[[CH]]#1, %[[TOP]] : {{.*}}) outs(%{{.*}}, %{{.*}} : tensor<37x2xi32>, tensor<37x2xbf16>)
// CHECK:           scf.for
// CHECK:             tensor.extract %[[CH]]#0
// CHECK:           arith.constant 9 : i64
// CHECK:           arith.truncf
// CHECK:         %[[DROPPED:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[IDS]]#0 : tensor<37x2xi32>) outs(%{{.*}} : tensor<i32>)
// CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[CH]]#0 : tensor<37x5xf32>, tensor<37x2xi32>) outs(%{{.*}}, %{{.*}} : tensor<5xf32>, tensor<5xf32>)
// CHECK:         %[[BAL:.*]] = linalg.generic {{.*}} iterator_types = []} ins(%{{.*}} : tensor<f32>) outs(%{{.*}} : tensor<bf16>)
// CHECK:         return %[[IDS]]#0, %[[IDS]]#1, %[[DROPPED]], %[[BAL]]
func.func @router(%l: tensor<37x5xbf16>, %s: tensor<i64>, %c: tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>) {
  %0:4 = umc.router %l seed %s counter %c top_k = 2 capacity = 9 renormalize : (tensor<37x5xbf16>, tensor<i64>, tensor<i64>) -> (tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>)
  return %0#0, %0#1, %0#2, %0#3 : tensor<37x2xi32>, tensor<37x2xbf16>, tensor<i32>, tensor<bf16>
}

// -----

// unmask: a generic draws (token, confidence) at each masked position
// (scf.if), reading the logits row by row; a second keeps the masked ones
// whose rank among the row's masked positions is at or past the count to
// reveal. One workgroup.
// CHECK-LABEL: func.func @unmask
// CHECK-NOT:     umc.partition
// CHECK:         %[[D:.*]]:2 = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x37xi64>, tensor<i64>, tensor<i64>, tensor<f32>) outs(%{{.*}}, %{{.*}} : tensor<2x37xi64>, tensor<2x37xf32>)
// CHECK:           %[[MASKED:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i64
// CHECK:           scf.if %[[MASKED]] -> (i64, f32)
// CHECK:             tensor.extract %{{.*}} : tensor<2x37x11xf16>
// CHECK:             arith.mului_extended
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[D]]#0, %[[D]]#1, %{{.*}} : tensor<2x37xi64>, tensor<2x37xi64>, tensor<2x37xf32>, tensor<i32>) outs(%{{.*}} : tensor<2x37xi64>)
// CHECK:           scf.if
// CHECK:             scf.for
// CHECK:               tensor.extract %[[D]]#1
// CHECK:         return %[[R]]
func.func @unmask(%t: tensor<2x37xi64>, %l: tensor<2x37x11xf16>, %s: tensor<i64>, %c: tensor<i64>, %m: tensor<i32>, %temp: tensor<f32>) -> tensor<2x37xi64> {
  %0 = umc.unmask %t, %l mask_id = 10 seed %s counter %c masked_after %m temperature %temp : (tensor<2x37xi64>, tensor<2x37x11xf16>, tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>) -> tensor<2x37xi64>
  return %0 : tensor<2x37xi64>
}
