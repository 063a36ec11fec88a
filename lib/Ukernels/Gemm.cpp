//===- Gemm.cpp - the GEMM ukernels for the target being built ------------===//
//
// Compiled once per x86-64 level into bitcode that umc-compile links into
// kernel libraries (-march picks the vector width below), and natively for
// the unit tests.
//
//===----------------------------------------------------------------------===//
#include "umc/Ukernels/Ukernels.h"

#include "GemmImpl.h"

namespace {
#if defined(__AVX512F__)
// 32 zmm registers: 12 x 2 accumulators, two of B, one broadcast of A.
using TargetGemm = umc::ukernels::Gemm<16, 12>;
#elif defined(__AVX__)
// 16 ymm registers: 6 x 2 accumulators, two of B, one broadcast of A.
using TargetGemm = umc::ukernels::Gemm<8, 6>;
#else
using TargetGemm = umc::ukernels::Gemm<4, 6>;
#endif
} // namespace

extern "C" void umc_ukernel_gemm_nt_f32(const float *a, int64_t lda,
                                        const float *b, int64_t ldb, float *c,
                                        int64_t ldc, int64_t m, int64_t n,
                                        int64_t depth) {
  TargetGemm::run(/*transposedB=*/true, a, lda, b, ldb, c, ldc, m, n, depth);
}

extern "C" void umc_ukernel_gemm_nn_f32(const float *a, int64_t lda,
                                        const float *b, int64_t ldb, float *c,
                                        int64_t ldc, int64_t m, int64_t n,
                                        int64_t depth) {
  TargetGemm::run(/*transposedB=*/false, a, lda, b, ldb, c, ldc, m, n, depth);
}
