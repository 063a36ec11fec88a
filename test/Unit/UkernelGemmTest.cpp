//===- UkernelGemmTest.cpp - the GEMM ukernel against a plain reference ---===//
//
// umc_ukernel_gemm_{nt,nn}_f32 and their implementation at both vector
// widths (8 lanes as on AVX2, 16 as on AVX-512: compiled natively here, so
// the AVX-512 blocking's logic is checked on any x86-64) against a double
// reference, on shapes no block divides, with leading dimensions wider
// than the rows and an initial C. Also: the result is bitwise the same
// whichever way the rows and columns are split between calls, the promise
// the kernels' thread independence rests on.
//
//===----------------------------------------------------------------------===//
#include "umc/Ukernels/Ukernels.h"

#include "../../lib/Ukernels/GemmImpl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

using GemmFn = void (*)(const float *, int64_t, const float *, int64_t,
                        float *, int64_t, int64_t, int64_t, int64_t);

/// C += A B^T (`transposedB`, B stored [n, depth]) or C += A B (B stored
/// [depth, n]), every operand with `pad` elements more per row.
struct Problem {
  bool transposedB;
  int64_t m, n, depth, lda, ldb, ldc;
  std::vector<float> a, b, c;

  Problem(bool transposedB, int64_t m, int64_t n, int64_t depth, int64_t pad,
          unsigned seed)
      : transposedB(transposedB), m(m), n(n), depth(depth), lda(depth + pad),
        ldb((transposedB ? depth : n) + 2 * pad), ldc(n + pad) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    a.resize(m * lda);
    b.resize((transposedB ? n : depth) * ldb);
    c.resize(m * ldc);
    for (float &x : a)
      x = dist(gen);
    for (float &x : b)
      x = dist(gen);
    for (float &x : c)
      x = dist(gen);
  }

  float bAt(int64_t j, int64_t k) const {
    return transposedB ? b[j * ldb + k] : b[k * ldb + j];
  }

  /// The result in double.
  std::vector<double> reference() const {
    std::vector<double> out(c.begin(), c.end());
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = c[i * ldc + j];
        for (int64_t k = 0; k < depth; ++k)
          sum += static_cast<double>(a[i * lda + k]) * bAt(j, k);
        out[i * ldc + j] = sum;
      }
    return out;
  }
};

void expectMatches(GemmFn gemm, bool transposedB, int64_t m, int64_t n,
                   int64_t depth) {
  SCOPED_TRACE(::testing::Message() << m << "x" << n << "x" << depth
                                    << (transposedB ? " B^T" : " B"));
  Problem p(transposedB, m, n, depth, /*pad=*/3,
            /*seed=*/m * 131 + n * 7 + depth);
  std::vector<double> want = p.reference();
  std::vector<float> c = p.c;
  gemm(p.a.data(), p.lda, p.b.data(), p.ldb, c.data(), p.ldc, m, n, depth);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < p.ldc; ++j) {
      float got = c[i * p.ldc + j];
      if (j >= n) { // padding between rows is never written
        ASSERT_EQ(got, p.c[i * p.ldc + j]) << "wrote past column n at " << i;
        continue;
      }
      double tol = 1e-5 * (1 + depth);
      ASSERT_NEAR(got, want[i * p.ldc + j], tol) << "at " << i << ", " << j;
    }
  }
}

template <int Lanes, int Rows, bool TransposedB>
void gemmAt(const float *a, int64_t lda, const float *b, int64_t ldb, float *c,
            int64_t ldc, int64_t m, int64_t n, int64_t depth) {
  umc::ukernels::Gemm<Lanes, Rows>::run(TransposedB, a, lda, b, ldb, c, ldc, m,
                                        n, depth);
}

// Shapes around every block size: rows (6, 12, 72, 144), columns (16, 32,
// 512), depth (256), and 1s.
const int64_t kShapes[][3] = {{1, 1, 1},    {1, 37, 5},    {7, 1, 300},
                              {5, 17, 3},   {13, 33, 257}, {37, 70, 100},
                              {73, 513, 9}, {150, 45, 600}};

TEST(UkernelGemm, TheTargetsEntryPointsMatchTheReference) {
  for (auto &s : kShapes) {
    expectMatches(umc_ukernel_gemm_nt_f32, true, s[0], s[1], s[2]);
    expectMatches(umc_ukernel_gemm_nn_f32, false, s[0], s[1], s[2]);
  }
}

TEST(UkernelGemm, Avx2BlockingMatchesTheReference) {
  for (auto &s : kShapes) {
    expectMatches(gemmAt<8, 6, true>, true, s[0], s[1], s[2]);
    expectMatches(gemmAt<8, 6, false>, false, s[0], s[1], s[2]);
  }
}

TEST(UkernelGemm, Avx512BlockingMatchesTheReference) {
  for (auto &s : kShapes) {
    expectMatches(gemmAt<16, 12, true>, true, s[0], s[1], s[2]);
    expectMatches(gemmAt<16, 12, false>, false, s[0], s[1], s[2]);
  }
}

TEST(UkernelGemm, SplittingTheWorkChangesNoBit) {
  // One call against calls on row and column pieces of C, as workgroups
  // make them.
  Problem p(true, 41, 75, 530, 1, 7);
  std::vector<float> whole = p.c, pieces = p.c;
  umc_ukernel_gemm_nt_f32(p.a.data(), p.lda, p.b.data(), p.ldb, whole.data(),
                          p.ldc, p.m, p.n, p.depth);
  for (int64_t i0 = 0; i0 < p.m; i0 += 17)
    for (int64_t j0 = 0; j0 < p.n; j0 += 29)
      umc_ukernel_gemm_nt_f32(
          p.a.data() + i0 * p.lda, p.lda, p.b.data() + j0 * p.ldb, p.ldb,
          pieces.data() + i0 * p.ldc + j0, p.ldc, std::min<int64_t>(17, p.m - i0),
          std::min<int64_t>(29, p.n - j0), p.depth);
  EXPECT_EQ(0, std::memcmp(whole.data(), pieces.data(),
                           whole.size() * sizeof(float)));
}

constexpr int64_t kPacked = UMC_UKERNEL_GEMM_PACKED_COLUMNS;

/// B [n, depth] in the layout of umc_ukernel_gemm_packed_f32, by its
/// definition: packed[b, k, j] = B[P b + j, k], zero past row n.
std::vector<float> packByDefinition(const Problem &p) {
  int64_t blocks = (p.n + kPacked - 1) / kPacked;
  std::vector<float> packed(blocks * p.depth * kPacked, 0.0f);
  for (int64_t b = 0; b < blocks; ++b)
    for (int64_t k = 0; k < p.depth; ++k)
      for (int64_t j = 0; j < kPacked && kPacked * b + j < p.n; ++j)
        packed[(b * p.depth + k) * kPacked + j] = p.bAt(kPacked * b + j, k);
  return packed;
}

/// C (ldc p.ldc) within rounding of p's double reference.
void expectNearReference(const Problem &p, const std::vector<float> &c) {
  std::vector<double> want = p.reference();
  for (int64_t i = 0; i < p.m; ++i)
    for (int64_t j = 0; j < p.n; ++j)
      ASSERT_NEAR(c[i * p.ldc + j], want[i * p.ldc + j], 1e-5 * (1 + p.depth))
          << p.m << "x" << p.n << "x" << p.depth << " at " << i << ", " << j;
}

/// The packed GEMM gives bitwise what run() gives on the unpacked weight
/// (so packing at load changes no result), which matches the reference.
template <int Lanes, int Rows> void expectPackedMatchesUnpacked() {
  using G = umc::ukernels::Gemm<Lanes, Rows>;
  for (auto &s : kShapes) {
    SCOPED_TRACE(::testing::Message()
                 << Lanes << " lanes, " << s[0] << "x" << s[1] << "x" << s[2]);
    Problem p(true, s[0], s[1], s[2], /*pad=*/3, /*seed=*/s[0] + s[1] + s[2]);
    std::vector<float> packed = packByDefinition(p);
    std::vector<float> unpacked = p.c, fromPacked = p.c;
    G::run(true, p.a.data(), p.lda, p.b.data(), p.ldb, unpacked.data(), p.ldc,
           p.m, p.n, p.depth);
    G::runPacked(p.a.data(), p.lda, packed.data(), fromPacked.data(), p.ldc,
                 p.m, p.n, p.depth);
    ASSERT_EQ(0, std::memcmp(unpacked.data(), fromPacked.data(),
                             unpacked.size() * sizeof(float)));
    // And against the plain double reference, not only each other.
    expectNearReference(p, fromPacked);
  }
}

TEST(UkernelGemm, PackedWeightGivesTheSameBits) {
  expectPackedMatchesUnpacked<8, 6>();
  expectPackedMatchesUnpacked<16, 12>();
  expectPackedMatchesUnpacked<4, 6>();
  for (auto &s : kShapes) {
    Problem p(true, s[0], s[1], s[2], 3, 11);
    std::vector<float> packed = packByDefinition(p);
    std::vector<float> c = p.c;
    umc_ukernel_gemm_packed_f32(p.a.data(), p.lda, packed.data(), c.data(),
                                p.ldc, p.m, p.n, p.depth);
    expectNearReference(p, c);
  }
}

TEST(UkernelGemm, PackedWeightSplitByColumnBlocks) {
  // Workgroups take column tiles of whole blocks, each calling with the
  // address of its first block.
  Problem p(true, 37, 100, 300, 2, 5);
  std::vector<float> packed = packByDefinition(p);
  std::vector<float> whole = p.c, pieces = p.c;
  umc_ukernel_gemm_packed_f32(p.a.data(), p.lda, packed.data(), whole.data(),
                              p.ldc, p.m, p.n, p.depth);
  for (int64_t j0 = 0; j0 < p.n; j0 += 64)
    umc_ukernel_gemm_packed_f32(
        p.a.data(), p.lda, packed.data() + j0 / kPacked * p.depth * kPacked,
        pieces.data() + j0, p.ldc, p.m, std::min<int64_t>(64, p.n - j0),
        p.depth);
  EXPECT_EQ(0, std::memcmp(whole.data(), pieces.data(),
                           whole.size() * sizeof(float)));
}

} // namespace
