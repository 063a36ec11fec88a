//===- Gemm.cpp - the GEMM ukernels for the target being built ------------===//
#include "umc/Ukernels/Ukernels.h"

#include "GemmImpl.h"
#include "TargetShape.h"

namespace {
using TargetGemm = umc::ukernels::Gemm<umc::ukernels::kTargetLanes,
                                       umc::ukernels::kTargetRows>;
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

extern "C" void umc_ukernel_gemm_packed_f32(const float *a, int64_t lda,
                                            const float *packed, float *c,
                                            int64_t ldc, int64_t m, int64_t n,
                                            int64_t depth) {
  TargetGemm::runPacked(a, lda, packed, c, ldc, m, n, depth);
}
