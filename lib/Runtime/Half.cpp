//===- Half.cpp - 16-bit float conversions --------------------------------===//
#include "umc/Runtime/Half.h"

#include <cstring>

namespace umc::rt {

static uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

static float floatOf(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

uint16_t floatToBf16(float value) {
  uint32_t bits = bitsOf(value);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((bits >> 16) | 0x40); // quiet NaN
  uint32_t roundingBias = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + roundingBias) >> 16);
}

float bf16ToFloat(uint16_t bits) {
  return floatOf(static_cast<uint32_t>(bits) << 16);
}

uint16_t floatToHalf(float value) {
  uint32_t bits = bitsOf(value);
  uint32_t sign = (bits >> 16) & 0x8000u;
  uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u)
    return static_cast<uint16_t>(sign | 0x7e00u); // NaN
  if (magnitude >= 0x477ff000u)                   // rounds past 65504
    return static_cast<uint16_t>(sign | 0x7c00u);
  if (magnitude < 0x38800000u) {                  // subnormal or zero
    // Align to the half subnormal scale (2^-24) and round to nearest even.
    float scaled = floatOf(magnitude) * 16777216.0f; // 2^24
    uint32_t integral = static_cast<uint32_t>(scaled);
    float remainder = scaled - static_cast<float>(integral);
    if (remainder > 0.5f || (remainder == 0.5f && (integral & 1u)))
      ++integral;
    return static_cast<uint16_t>(sign | integral);
  }
  // Normal: rebias the exponent (127 -> 15), round the mantissa to 10 bits.
  uint32_t rebased = magnitude - 0x38000000u;
  uint32_t roundingBias = 0xfffu + ((rebased >> 13) & 1u);
  return static_cast<uint16_t>(sign | ((rebased + roundingBias) >> 13));
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0) // zero or subnormal: mantissa * 2^-24
    return floatOf(sign) + (sign ? -1.0f : 1.0f) *
                               static_cast<float>(mantissa) / 16777216.0f;
  if (exponent == 31)
    return floatOf(sign | 0x7f800000u | (mantissa << 13));
  return floatOf(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

} // namespace umc::rt
