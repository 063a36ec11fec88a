//===- Attention.cpp - the attention ukernel for the target being built ---===//
#include "umc/Ukernels/Ukernels.h"

#include "AttentionImpl.h"
#include "TargetShape.h"

namespace {
using TargetAttention =
    umc::ukernels::Attention<umc::ukernels::kTargetLanes,
                             umc::ukernels::kTargetRows>;
} // namespace

extern "C" void umc_ukernel_attention_f32(
    const float *q, int64_t ldq, const float *k, int64_t ldk, const float *v,
    int64_t ldv, float *out, int64_t ldo, int64_t queries, int64_t keys,
    int64_t depth, int64_t width, int64_t first_position, int64_t key_end,
    int32_t mask, int64_t window, const int64_t *spans, int64_t num_spans,
    float scale) {
  TargetAttention::run(q, ldq, k, ldk, v, ldv, out, ldo, queries, keys, depth,
                       width, first_position, key_end, mask, window, spans,
                       num_spans, scale);
}
