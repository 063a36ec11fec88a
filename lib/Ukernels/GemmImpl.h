//===- GemmImpl.h - the packed, register-blocked f32 GEMM ------*- C++ -*-===//
//
// The GEMMs of umc_ukernel_gemm_{nt,nn}_f32, for any vector length: Gemm.cpp
// instantiates it for the target it is compiled for (8 lanes for AVX2, 16
// for AVX-512), and the unit tests instantiate both widths natively.
//
// The loop nest is BLIS's (Van Zee and van de Geijn, 2015): C is computed
// in column panels of kNc and depth panels of kKc; the B panel is packed
// into slivers of nr columns, k-major (zero past its last column; from
// either layout of B), while A
// is read in place, its rows in blocks of kMc that stay in cache; the
// microkernel keeps an mr x nr block of C in registers (2 * mr vector
// accumulators) and adds one rank-1 update per k: two vector loads of B,
// mr broadcasts of A, 2 * mr fused multiply-adds. A block with fewer rows
// runs the microkernel instantiated for that many; one with fewer columns
// runs it on a copy of C and stores the valid part back. Every element of
// C sees the same sequence of operations, in increasing k.
//
// A weight packed ahead of time (runPacked: kPackedColumns-wide blocks,
// k-major, as umc-cpu-pack-weights lays it out once at load) skips the
// packing; its slivers are read in place, each vector of B streaming
// through one block, and every element of C sees the same operations as
// with run().
//
//===----------------------------------------------------------------------===//
#ifndef UMC_UKERNELS_GEMMIMPL_H
#define UMC_UKERNELS_GEMMIMPL_H

#include "umc/Ukernels/Ukernels.h"

#include <stdint.h>
#include <stdlib.h>

namespace umc::ukernels {

inline constexpr int64_t kPackedColumns = UMC_UKERNEL_GEMM_PACKED_COLUMNS;

/// Blocking for a vector of `Lanes` floats and `Rows` rows of C in
/// registers.
template <int Lanes, int Rows> struct Gemm {
  typedef float Vec __attribute__((ext_vector_type(Lanes)));
  static constexpr int64_t kNr = 2 * Lanes;
  static constexpr int64_t kMr = Rows;
  // A depth panel of B (kKc x kNc floats) stays in L2, a block of A
  // (kMc x kKc) in L1/L2, a sliver of B (kKc x kNr) in L1.
  static constexpr int64_t kKc = 256;
  static constexpr int64_t kMc = 12 * kMr;
  static constexpr int64_t kNc = 512;

  static Vec load(const float *p) {
    Vec v;
    __builtin_memcpy(&v, p, sizeof(Vec));
    return v;
  }
  static void store(float *p, Vec v) { __builtin_memcpy(p, &v, sizeof(Vec)); }

  /// Where a sliver's kNr values of each k are: Lanes at `b`, Lanes at
  /// `b + second`, the next k's `step` further.
  struct Sliver {
    const float *b;
    int64_t second, step;
  };

  /// C[0:R, 0:kNr] (leading dimension ldc) += A[0:R, 0:depth] B, with A
  /// read in place (rows `lda` apart) and B a packed sliver.
  template <int R>
  static void microkernel(int64_t depth, const float *a, int64_t lda,
                          Sliver sliver, float *c, int64_t ldc) {
    Vec acc[R][2];
    for (int r = 0; r < R; ++r) {
      acc[r][0] = load(c + r * ldc);
      acc[r][1] = load(c + r * ldc + Lanes);
    }
    const float *bp = sliver.b;
    for (int64_t k = 0; k < depth; ++k) {
      Vec b0 = load(bp), b1 = load(bp + sliver.second);
      for (int r = 0; r < R; ++r) {
        Vec av = a[r * lda + k];
        acc[r][0] = __builtin_elementwise_fma(av, b0, acc[r][0]);
        acc[r][1] = __builtin_elementwise_fma(av, b1, acc[r][1]);
      }
      bp += sliver.step;
    }
    for (int r = 0; r < R; ++r) {
      store(c + r * ldc, acc[r][0]);
      store(c + r * ldc + Lanes, acc[r][1]);
    }
  }

  /// The microkernel for R rows of C, on a copy of C when fewer than kNr
  /// columns are valid (the packed sliver is zero past them).
  template <int R>
  static void block(int64_t depth, const float *a, int64_t lda, Sliver sliver,
                    float *c, int64_t ldc, int64_t cols) {
    if (cols == kNr)
      return microkernel<R>(depth, a, lda, sliver, c, ldc);
    float tile[R * kNr] = {};
    for (int64_t r = 0; r < R; ++r)
      for (int64_t j = 0; j < cols; ++j)
        tile[r * kNr + j] = c[r * ldc + j];
    microkernel<R>(depth, a, lda, sliver, tile, kNr);
    for (int64_t r = 0; r < R; ++r)
      for (int64_t j = 0; j < cols; ++j)
        c[r * ldc + j] = tile[r * kNr + j];
  }

  /// block<rows> for 1 <= rows <= kMr.
  template <int R = kMr>
  static void rowsBlock(int64_t rows, int64_t depth, const float *a,
                        int64_t lda, Sliver sliver, float *c, int64_t ldc,
                        int64_t cols) {
    if constexpr (R > 1) {
      if (rows < R)
        return rowsBlock<R - 1>(rows, depth, a, lda, sliver, c, ldc, cols);
    }
    block<R>(depth, a, lda, sliver, c, ldc, cols);
  }

  /// Rows r[0..7] become columns: r[i][j] <- r[j][i] (AVX's unpack,
  /// shuffle and permute2f128 network), in 8-lane vectors at any target
  /// width.
  typedef float Vec8 __attribute__((ext_vector_type(8)));
  static void transpose8(Vec8 *r) {
    Vec8 t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
      t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
      t[i + 1] =
          __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int i = 0; i < 8; i += 4)
      for (int j = 0; j < 2; ++j) {
        u[i + 2 * j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 8,
                                               9, 4, 5, 12, 13);
        u[i + 2 * j + 1] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2,
                                                   3, 10, 11, 6, 7, 14, 15);
      }
    for (int i = 0; i < 4; ++i) {
      r[i] = __builtin_shufflevector(u[i], u[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
      r[i + 4] =
          __builtin_shufflevector(u[i], u[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
  }

  /// B stored [n, depth] (linear's weight): slivers of kNr of its rows,
  /// each stored k-major (kNr values per k), zero past the last row.
  static void packTransposed(const float *b, int64_t ldb, int64_t rows,
                             int64_t depth, float *dst) {
    for (int64_t s = 0; s < rows; s += kNr) {
      int64_t valid = rows - s < kNr ? rows - s : kNr;
      const float *sliver = b + s * ldb;
      int64_t k0 = 0;
      // 8 x 8 blocks transposed in registers: kNr / 8 per 8 k of the
      // sliver. (Element by element, as AVX-512's 32-wide slivers were,
      // an attention's 192 x 128 x 64 score block ran at 140 GFLOP/s on
      // one core instead of 190.)
      if (valid == kNr)
        for (; k0 + 8 <= depth; k0 += 8)
          for (int group = 0; group < kNr / 8; ++group) {
            Vec8 r[8];
            for (int i = 0; i < 8; ++i)
              __builtin_memcpy(&r[i], sliver + (group * 8 + i) * ldb + k0,
                               sizeof(Vec8));
            transpose8(r);
            for (int i = 0; i < 8; ++i)
              __builtin_memcpy(dst + (k0 + i) * kNr + group * 8, &r[i],
                               sizeof(Vec8));
          }
      if (valid == kNr) {
        // k-major: each k's kNr values are one contiguous store.
        for (int64_t k = k0; k < depth; ++k) {
          float column[kNr];
          for (int64_t r = 0; r < kNr; ++r)
            column[r] = sliver[r * ldb + k];
          __builtin_memcpy(dst + k * kNr, column, sizeof(column));
        }
      } else {
        for (int64_t k = 0; k < depth; ++k)
          for (int64_t r = 0; r < kNr; ++r)
            dst[k * kNr + r] = r < valid ? sliver[r * ldb + k] : 0.0f;
      }
      dst += kNr * depth;
    }
  }

  /// B stored [depth, n] (matmul's right operand): the same slivers, each
  /// k's kNr values copied from one row of B.
  static void packRows(const float *b, int64_t ldb, int64_t cols, int64_t depth,
                       float *dst) {
    for (int64_t s = 0; s < cols; s += kNr) {
      int64_t valid = cols - s < kNr ? cols - s : kNr;
      for (int64_t k = 0; k < depth; ++k) {
        const float *row = b + k * ldb + s;
        float *out = dst + k * kNr;
        for (int64_t j = 0; j < kNr; ++j)
          out[j] = j < valid ? row[j] : 0.0f;
      }
      dst += kNr * depth;
    }
  }

  static int64_t roundUp(int64_t x, int64_t to) {
    return (x + to - 1) / to * to;
  }

  /// C += A B^T (`transposedB`: B is [n, depth], linear's weight) or
  /// C += A B (B is [depth, n]).
  static void run(bool transposedB, const float *a, int64_t lda, const float *b,
                  int64_t ldb, float *c, int64_t ldc, int64_t m, int64_t n,
                  int64_t depth) {
    if (m <= 0 || n <= 0 || depth <= 0)
      return;
    // A multiple of 16 floats (64 bytes, as aligned_alloc needs). A small
    // pack lives on the stack: a heap block per call would cost more than
    // a small GEMM (and glibc maps one of 128 KiB or more afresh).
    int64_t packed =
        roundUp(n < kNc ? n : kNc, kNr) * roundUp(depth < kKc ? depth : kKc, 16);
    constexpr int64_t kOnStack = 16 * 1024; // floats: 64 KiB
    alignas(64) float local[kOnStack];
    float *bp = packed <= kOnStack ? local
                                   : static_cast<float *>(aligned_alloc(
                                         64, sizeof(float) * packed));
    if (!bp)
      abort();
    for (int64_t jc = 0; jc < n; jc += kNc) {
      int64_t nc = n - jc < kNc ? n - jc : kNc;
      for (int64_t pc = 0; pc < depth; pc += kKc) {
        int64_t kc = depth - pc < kKc ? depth - pc : kKc;
        if (transposedB)
          packTransposed(b + jc * ldb + pc, ldb, nc, kc, bp);
        else
          packRows(b + pc * ldb + jc, ldb, nc, kc, bp);
        // Rows in blocks whose kKc-deep slice of A stays in cache while
        // every sliver of B passes over it.
        for (int64_t ic = 0; ic < m; ic += kMc) {
          int64_t mc = m - ic < kMc ? m - ic : kMc;
          for (int64_t jr = 0; jr < nc; jr += kNr) {
            int64_t cols = nc - jr < kNr ? nc - jr : kNr;
            const float *bs = bp + jr * kc;
            for (int64_t ir = ic; ir < ic + mc; ir += kMr) {
              int64_t rows = ic + mc - ir < kMr ? ic + mc - ir : kMr;
              rowsBlock(rows, kc, a + ir * lda + pc, lda,
                        Sliver{bs, Lanes, kNr}, c + ir * ldc + jc + jr, ldc,
                        cols);
            }
          }
        }
      }
    }
    if (bp != local)
      free(bp);
  }

  /// C += A B^T with B packed ahead of time: `packed` holds
  /// ceil(n / kPackedColumns) blocks of [depth, kPackedColumns] floats, B's
  /// rows kPackedColumns at a time, zero past its last. The same loop nest
  /// as run(), reading the slivers in place: a block is one vector of each
  /// k, so each half of a sliver streams through one block, contiguous.
  static void runPacked(const float *a, int64_t lda, const float *packed,
                        float *c, int64_t ldc, int64_t m, int64_t n,
                        int64_t depth) {
    static_assert(kPackedColumns % Lanes == 0,
                  "a packed block holds whole vectors");
    // Where column j's value of k = 0 is.
    auto offsetOf = [depth](int64_t j) {
      return j / kPackedColumns * depth * kPackedColumns + j % kPackedColumns;
    };
    if (m <= 0 || n <= 0 || depth <= 0)
      return;
    for (int64_t jc = 0; jc < n; jc += kNc) {
      int64_t nc = n - jc < kNc ? n - jc : kNc;
      for (int64_t pc = 0; pc < depth; pc += kKc) {
        int64_t kc = depth - pc < kKc ? depth - pc : kKc;
        for (int64_t ic = 0; ic < m; ic += kMc) {
          int64_t mc = m - ic < kMc ? m - ic : kMc;
          for (int64_t jr = 0; jr < nc; jr += kNr) {
            int64_t cols = nc - jr < kNr ? nc - jr : kNr;
            int64_t column = jc + jr;
            // The sliver's second vector: the next Lanes columns, in this
            // block or the next. A sliver whose second vector is past B's
            // last block reads its first again (those columns are not
            // stored).
            int64_t second =
                cols <= Lanes ? 0 : offsetOf(column + Lanes) - offsetOf(column);
            Sliver sliver{packed + offsetOf(column) + pc * kPackedColumns,
                          second, kPackedColumns};
            for (int64_t ir = ic; ir < ic + mc; ir += kMr) {
              int64_t rows = ic + mc - ir < kMr ? ic + mc - ir : kMr;
              rowsBlock(rows, kc, a + ir * lda + pc, lda, sliver,
                        c + ir * ldc + column, ldc, cols);
            }
          }
        }
      }
    }
  }
};

} // namespace umc::ukernels

#endif // UMC_UKERNELS_GEMMIMPL_H
