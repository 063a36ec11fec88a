// RUN: umc-opt %s -split-input-file --umc-cpu-approximate-math | FileCheck %s
// RUN: umc-opt %s -split-input-file --umc-cpu-approximate-math | FileCheck %s --check-prefix=NOLIBM

// Nowhere in the output may a transcendental on f32, f16 or bf16 remain.
// NOLIBM-NOT: math.{{(exp|tanh|erf|sin|cos|log|atan)}} %{{.*}} : {{(f32|f16|bf16|vector<8xf32>)$}}

// Transcendentals on f32 (scalars, vectors, inside kernels) become
// polynomials built from fma, arith and bit tricks, so that the kernels need
// no libm. f16/bf16 go through f32; f64 is left alone. sqrt and rsqrt stay:
// they lower to LLVM intrinsics, not libm calls.

// exp: range reduction by ln 2, a polynomial, then 2^k built in the exponent
// bits.
// CHECK-LABEL: func.func @exp_f32
// CHECK-NOT:     math.exp
// CHECK:         math.fma
// CHECK:         math.floor
// CHECK:         arith.fptosi %{{.*}} : f32 to i32
// CHECK:         arith.shli
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// tanh and erf: rational approximations (a polynomial divided by another).
// CHECK-LABEL: func.func @tanh_erf
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.erf
// CHECK:         math.fma
// CHECK:         arith.divf
// CHECK:         math.fma
// CHECK:         arith.divf
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.erf
// CHECK:         return
func.func @tanh_erf(%x: f32) -> (f32, f32) {
  %0 = math.tanh %x : f32
  %1 = math.erf %x : f32
  return %0, %1 : f32, f32
}

// -----

// f32 erf is one rational function of x^2 on [-4, 4]: a clamp, 11 FMAs and
// one division, no selects (MLIR's piecewise approximation picks its
// coefficients with selects, which made GELU compute-bound).
// CHECK-LABEL: func.func @erf_rational
// CHECK-SAME:    (%[[X:.*]]: vector<8xf32>)
// CHECK:         %[[LO:.*]] = arith.maximumf %[[X]], %{{.*}} : vector<8xf32>
// CHECK:         %[[C:.*]] = arith.minimumf %[[LO]], %{{.*}} : vector<8xf32>
// CHECK:         %[[X2:.*]] = arith.mulf %[[C]], %[[C]] : vector<8xf32>
// CHECK-COUNT-6: math.fma {{.*}}, %[[X2]], {{.*}} : vector<8xf32>
// CHECK:         %[[P:.*]] = arith.mulf %[[C]], %{{.*}} : vector<8xf32>
// CHECK-COUNT-4: math.fma {{.*}}, %[[X2]], {{.*}} : vector<8xf32>
// CHECK:         %[[R:.*]] = arith.divf %[[P]], %{{.*}} : vector<8xf32>
// CHECK-NOT:     arith.select
// CHECK:         return %[[R]]
func.func @erf_rational(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.erf %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// sin and cos (rope), log and atan are approximated as well.
// CHECK-LABEL: func.func @trig_and_log
// CHECK-NOT:     math.sin
// CHECK-NOT:     math.cos
// CHECK-NOT:     math.log
// CHECK-NOT:     math.atan
// CHECK:         math.fma
// CHECK:         return
func.func @trig_and_log(%x: f32) -> (f32, f32, f32, f32) {
  %0 = math.sin %x : f32
  %1 = math.cos %x : f32
  %2 = math.log %x : f32
  %3 = math.atan %x : f32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}

// -----

// Vectors are approximated lane-wise, without scalarizing.
// CHECK-LABEL: func.func @exp_vector
// CHECK-NOT:     math.exp
// CHECK:         math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK:         arith.bitcast %{{.*}} : vector<8xi32> to vector<8xf32>
// CHECK-NOT:     vector.extract
// CHECK-NOT:     math.exp
// CHECK:         return %{{.*}} : vector<8xf32>
func.func @exp_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.exp %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// Narrow floats are computed in f32 and rounded back.
// CHECK-LABEL: func.func @narrow
// CHECK-SAME:    (%[[H:.*]]: f16, %[[B:.*]]: bf16)
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK:         arith.extf %[[H]] : f16 to f32
// CHECK:         math.fma
// CHECK:         arith.truncf %{{.*}} : f32 to f16
// CHECK:         arith.extf %[[B]] : bf16 to f32
// CHECK:         math.fma
// CHECK:         arith.truncf %{{.*}} : f32 to bf16
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK:         return
func.func @narrow(%h: f16, %b: bf16) -> (f16, bf16) {
  %0 = math.exp %h : f16
  %1 = math.tanh %b : bf16
  return %0, %1 : f16, bf16
}

// -----

// f64 has no approximation here; sqrt and rsqrt are not libm calls and stay.
// CHECK-LABEL: func.func @left_alone
// CHECK-SAME:    (%[[D:.*]]: f64, %[[X:.*]]: f32)
// CHECK-NEXT:    %[[E:.*]] = math.exp %[[D]] : f64
// CHECK-NEXT:    %[[S:.*]] = math.sqrt %[[X]] : f32
// CHECK-NEXT:    %[[R:.*]] = math.rsqrt %[[X]] : f32
// CHECK-NEXT:    return %[[E]], %[[S]], %[[R]]
func.func @left_alone(%d: f64, %x: f32) -> (f64, f32, f32) {
  %0 = math.exp %d : f64
  %1 = math.sqrt %x : f32
  %2 = math.rsqrt %x : f32
  return %0, %1, %2 : f64, f32, f32
}

// -----

// Inside a kernel's linalg body (what the pass sees in the CPU pipeline).
// CHECK-LABEL: func.func @in_kernel_body
// CHECK:         linalg.generic
// CHECK-NOT:       math.erf
// CHECK:           math.fma
// CHECK:           linalg.yield
func.func @in_kernel_body(%x: memref<16xf32>, %y: memref<16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : memref<16xf32>) outs(%y : memref<16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.erf %in : f32
    linalg.yield %0 : f32
  }
  return
}
