//===- Ukernels.h - hand-written microkernels the CPU kernels call -*- C -*-===//
//
// The C ABI of umc's microkernels ("ukernels", as IREE calls them): inner
// loops written by hand, register-blocked for the vector unit, that the
// compiled kernels call for the hot part of an op. umc-compile links them
// into each kernel library, compiled for that library's x86-64 level, so a
// deployment machine still needs nothing but libc (docs/cpu-codegen.md).
//
// Plain C types only: the generated code calls these through LLVM's C
// calling convention.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_UKERNELS_UKERNELS_H
#define UMC_UKERNELS_UKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// C[i, j] += sum_k A[i, k] * B[j, k] for i < m, j < n, k < depth: a GEMM
/// with B read transposed, which is `umc.linear`'s weight layout (PyTorch's
/// [out, in]). Row-major operands with leading dimensions `lda`, `ldb`,
/// `ldc` (in elements). C holds the initial value (a bias or zeros).
///
/// Each C[i, j] is accumulated by fused multiply-adds in increasing k,
/// starting from its initial value, whatever m, n, the tile or the thread:
/// results do not depend on how the caller splits the work.
void umc_ukernel_gemm_nt_f32(const float *a, int64_t lda, const float *b,
                             int64_t ldb, float *c, int64_t ldc, int64_t m,
                             int64_t n, int64_t depth);

/// C[i, j] += sum_k A[i, k] * B[k, j]: the same with B stored [depth, n]
/// (`umc.matmul`'s right operand), summed in the same order.
void umc_ukernel_gemm_nn_f32(const float *a, int64_t lda, const float *b,
                             int64_t ldb, float *c, int64_t ldc, int64_t m,
                             int64_t n, int64_t depth);

/// The width of a pre-packed weight's blocks: one AVX-512 vector, two AVX2
/// ones, so one packed layout serves every x86-64 level of an artifact and
/// each vector the microkernel loads streams through one block.
#define UMC_UKERNEL_GEMM_PACKED_COLUMNS 16

/// C[i, j] += sum_k A[i, k] * B[j, k], the GEMM of umc_ukernel_gemm_nt_f32
/// summed in the same order, with B packed ahead of time (once, when the
/// parameters are loaded: umc-cpu-pack-weights): with P =
/// UMC_UKERNEL_GEMM_PACKED_COLUMNS, `packed` is [ceil(n / P), depth, P]
/// row-major, packed[b, k, j] = B[P b + j, k], zero past B's last row. It
/// points at the block holding column 0 of C, so a caller's columns start
/// at a multiple of P.
void umc_ukernel_gemm_packed_f32(const float *a, int64_t lda,
                                 const float *packed, float *c, int64_t ldc,
                                 int64_t m, int64_t n, int64_t depth);

/// out = softmax(scale * q k^T, masked) v for one head: q [queries, depth],
/// k [keys, depth], v [keys, width], out [queries, width], row-major with
/// leading dimensions ldq, ldk, ldv, ldo. Query i sits at position
/// first_position + i; `mask` 0 lets it see every key, 1 the keys t <= its
/// position p (causal), 2 the `window` keys up to its position
/// (p - window < t <= p), 3 the keys t <= p and, when p lies in one of the
/// `num_spans` half-open spans [spans[2s], spans[2s + 1]) (an image in a
/// Show-o/Transfusion "omni" mask), every key of that span; keys at or past
/// `key_end` are hidden from all (a KV cache filled that far). A query that
/// sees no key gets zeros.
///
/// Computed flash-style (an online softmax over blocks of keys, never the
/// whole score matrix), skipping key blocks the mask hides. Each row's
/// result depends only on its own inputs, not on how the queries are split
/// between calls.
void umc_ukernel_attention_f32(const float *q, int64_t ldq, const float *k,
                               int64_t ldk, const float *v, int64_t ldv,
                               float *out, int64_t ldo, int64_t queries,
                               int64_t keys, int64_t depth, int64_t width,
                               int64_t first_position, int64_t key_end,
                               int32_t mask, int64_t window,
                               const int64_t *spans, int64_t num_spans,
                               float scale);

#ifdef __cplusplus
}
#endif

#endif // UMC_UKERNELS_UKERNELS_H
