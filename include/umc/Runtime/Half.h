//===- Half.h - 16-bit float conversions ------------------------*- C++ -*-===//
#ifndef UMC_RUNTIME_HALF_H
#define UMC_RUNTIME_HALF_H

#include <cstdint>

namespace umc::rt {

/// bfloat16 <-> float, rounding to nearest even (NaN stays NaN).
uint16_t floatToBf16(float value);
float bf16ToFloat(uint16_t bits);

/// IEEE half <-> float, rounding to nearest even.
uint16_t floatToHalf(float value);
float halfToFloat(uint16_t bits);

} // namespace umc::rt

#endif // UMC_RUNTIME_HALF_H
