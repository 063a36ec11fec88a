//===- TargetShape.h - the register blocking for the target built -*- C++ -*-===//
//
// The ukernels' sources are compiled once per x86-64 level (-march picks
// the vector width here), and natively for the unit tests.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_UKERNELS_TARGETSHAPE_H
#define UMC_UKERNELS_TARGETSHAPE_H

namespace umc::ukernels {
#if defined(__AVX512F__)
// 32 zmm registers: 12 x 2 accumulators, two of B, one broadcast of A.
inline constexpr int kTargetLanes = 16, kTargetRows = 12;
#elif defined(__AVX__)
// 16 ymm registers: 6 x 2 accumulators, two of B, one broadcast of A.
inline constexpr int kTargetLanes = 8, kTargetRows = 6;
#else
inline constexpr int kTargetLanes = 4, kTargetRows = 6;
#endif
} // namespace umc::ukernels

#endif // UMC_UKERNELS_TARGETSHAPE_H
