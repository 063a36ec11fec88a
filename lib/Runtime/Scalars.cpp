//===- Scalars.cpp - the host program's scalar arithmetic -----------------===//
#include "Scalars.h"

#include "umc/Runtime/Half.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace umc::rt {
namespace {

/// The integer's bits as an unsigned number of its type's width.
uint64_t unsignedOf(ScalarType type, int64_t v) {
  unsigned width = widthOf(type);
  uint64_t bits = static_cast<uint64_t>(v);
  return width == 64 ? bits : bits & ((uint64_t(1) << width) - 1);
}

Scalar fromInt(int64_t i) {
  Scalar s;
  s.i = i;
  return s;
}
Scalar fromFloat(double f) {
  Scalar s;
  s.f = f;
  return s;
}

/// Float to integer without undefined behaviour: NaN is 0, and values out
/// of range saturate (what LLVM's fptosi.sat does).
int64_t saturate(double f) {
  if (std::isnan(f))
    return 0;
  if (f <= -9223372036854775808.0)
    return std::numeric_limits<int64_t>::min();
  if (f >= 9223372036854775808.0)
    return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(f);
}

/// Wraps like two's-complement arithmetic on uint64, without signed
/// overflow.
int64_t wrap(uint64_t bits) {
  int64_t out;
  std::memcpy(&out, &bits, sizeof(out));
  return out;
}

int64_t intOp(ScalarOp op, ScalarType type, int64_t a, int64_t b) {
  uint64_t ua = unsignedOf(type, a), ub = unsignedOf(type, b);
  unsigned width = widthOf(type);
  switch (op) {
  case ScalarOp::Add:
    return wrap(uint64_t(a) + uint64_t(b));
  case ScalarOp::Sub:
    return wrap(uint64_t(a) - uint64_t(b));
  case ScalarOp::Mul:
    return wrap(uint64_t(a) * uint64_t(b));
  case ScalarOp::DivS:
    if (b == 0)
      return 0;
    if (b == -1) // MIN / -1 wraps to MIN
      return wrap(0 - uint64_t(a));
    return a / b;
  case ScalarOp::DivU:
    return ub == 0 ? 0 : wrap(ua / ub);
  case ScalarOp::RemS:
    return b == 0 || b == -1 ? 0 : a % b;
  case ScalarOp::RemU:
    return ub == 0 ? 0 : wrap(ua % ub);
  case ScalarOp::MinS:
    return std::min(a, b);
  case ScalarOp::MaxS:
    return std::max(a, b);
  case ScalarOp::MinU:
    return wrap(std::min(ua, ub));
  case ScalarOp::MaxU:
    return wrap(std::max(ua, ub));
  case ScalarOp::And:
    return a & b;
  case ScalarOp::Or:
    return a | b;
  case ScalarOp::Xor:
    return a ^ b;
  // Shifts by the width or more give 0 (or the sign), not poison.
  case ScalarOp::Shl:
    return ub >= width ? 0 : wrap(uint64_t(a) << ub);
  case ScalarOp::ShrS:
    return ub >= width ? (a < 0 ? -1 : 0) : a >> ub;
  case ScalarOp::ShrU:
    return ub >= width ? 0 : wrap(ua >> ub);
  case ScalarOp::CmpEq:
    return a == b;
  case ScalarOp::CmpNe:
    return a != b;
  case ScalarOp::CmpSlt:
    return a < b;
  case ScalarOp::CmpSle:
    return a <= b;
  case ScalarOp::CmpSgt:
    return a > b;
  case ScalarOp::CmpSge:
    return a >= b;
  case ScalarOp::CmpUlt:
    return ua < ub;
  case ScalarOp::CmpUle:
    return ua <= ub;
  case ScalarOp::CmpUgt:
    return ua > ub;
  case ScalarOp::CmpUge:
    return ua >= ub;
  default:
    return 0; // the loader admits no other op on integers
  }
}

Scalar floatOp(ScalarOp op, double a, double b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  switch (op) {
  case ScalarOp::AddF:
    return fromFloat(a + b);
  case ScalarOp::SubF:
    return fromFloat(a - b);
  case ScalarOp::MulF:
    return fromFloat(a * b);
  case ScalarOp::DivF:
    return fromFloat(a / b);
  // NaN-propagating, as arith.minimumf/maximumf.
  case ScalarOp::MinF:
    return fromFloat(unordered ? std::nan("") : std::fmin(a, b));
  case ScalarOp::MaxF:
    return fromFloat(unordered ? std::nan("") : std::fmax(a, b));
  case ScalarOp::CmpfOeq:
    return fromInt(!unordered && a == b);
  case ScalarOp::CmpfOne:
    return fromInt(!unordered && a != b);
  case ScalarOp::CmpfOlt:
    return fromInt(!unordered && a < b);
  case ScalarOp::CmpfOle:
    return fromInt(!unordered && a <= b);
  case ScalarOp::CmpfOgt:
    return fromInt(!unordered && a > b);
  case ScalarOp::CmpfOge:
    return fromInt(!unordered && a >= b);
  case ScalarOp::CmpfUeq:
    return fromInt(unordered || a == b);
  case ScalarOp::CmpfUne:
    return fromInt(unordered || a != b);
  case ScalarOp::CmpfUlt:
    return fromInt(unordered || a < b);
  case ScalarOp::CmpfUle:
    return fromInt(unordered || a <= b);
  case ScalarOp::CmpfUgt:
    return fromInt(unordered || a > b);
  case ScalarOp::CmpfUge:
    return fromInt(unordered || a >= b);
  case ScalarOp::CmpfOrd:
    return fromInt(!unordered);
  case ScalarOp::CmpfUno:
    return fromInt(unordered);
  default:
    return fromInt(0); // the loader admits no other op on floats
  }
}

} // namespace

bool isFloat(ScalarType type) {
  return type == ScalarType::f16 || type == ScalarType::bf16 ||
         type == ScalarType::f32 || type == ScalarType::f64;
}

Scalar normalize(ScalarType type, Scalar v) {
  switch (type) {
  case ScalarType::i1:
    return fromInt(v.i & 1);
  case ScalarType::i8:
    return fromInt(static_cast<int8_t>(v.i));
  case ScalarType::i32:
    return fromInt(static_cast<int32_t>(v.i));
  case ScalarType::i64:
    return v;
  case ScalarType::f16:
    return fromFloat(halfToFloat(floatToHalf(static_cast<float>(v.f))));
  case ScalarType::bf16:
    return fromFloat(bf16ToFloat(floatToBf16(static_cast<float>(v.f))));
  case ScalarType::f32:
    return fromFloat(static_cast<float>(v.f));
  case ScalarType::f64:
    return v;
  }
  return v;
}

Scalar constant(ScalarType type, int64_t intValue, double floatValue) {
  return normalize(type, isFloat(type) ? fromFloat(floatValue)
                                       : fromInt(intValue));
}

Scalar unary(ScalarOp op, ScalarType from, ScalarType to, Scalar a) {
  switch (op) {
  case ScalarOp::NegF:
    return normalize(to, fromFloat(-a.f));
  case ScalarOp::ConvertS:
  case ScalarOp::ConvertU: {
    bool isUnsigned = op == ScalarOp::ConvertU;
    if (isFloat(from))
      return normalize(to, isFloat(to) ? a : fromInt(saturate(a.f)));
    if (isFloat(to))
      return normalize(to, fromFloat(isUnsigned ? double(unsignedOf(from, a.i))
                                                : double(a.i)));
    // Integer to integer: i1 and unsigned sources extend with zeros.
    if (isUnsigned || from == ScalarType::i1)
      return normalize(to, fromInt(wrap(unsignedOf(from, a.i))));
    return normalize(to, a);
  }
  case ScalarOp::Bitcast: {
    if (isFloat(from) == isFloat(to))
      return a;
    if (widthOf(from) == 32) {
      if (isFloat(from)) { // f32 -> i32
        float f = static_cast<float>(a.f);
        int32_t bits;
        std::memcpy(&bits, &f, 4);
        return fromInt(bits);
      }
      int32_t bits = static_cast<int32_t>(a.i);
      float f;
      std::memcpy(&f, &bits, 4);
      return fromFloat(f);
    }
    if (isFloat(from)) { // f64 -> i64
      int64_t bits;
      std::memcpy(&bits, &a.f, 8);
      return fromInt(bits);
    }
    double f;
    std::memcpy(&f, &a.i, 8);
    return fromFloat(f);
  }
  default:
    return a;
  }
}

Scalar binary(ScalarOp op, ScalarType type, ScalarType result, Scalar a,
              Scalar b) {
  if (isFloat(type))
    return normalize(result, floatOp(op, a.f, b.f));
  return normalize(result, fromInt(intOp(op, type, a.i, b.i)));
}

Scalar loadElement(DType dtype, const void *p) {
  switch (dtype) {
  case DType::f32: {
    float v;
    std::memcpy(&v, p, 4);
    return fromFloat(v);
  }
  case DType::f16:
  case DType::bf16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return fromFloat(dtype == DType::f16 ? halfToFloat(bits)
                                         : bf16ToFloat(bits));
  }
  case DType::i8:
    return fromInt(*static_cast<const int8_t *>(p));
  case DType::i32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    return fromInt(v);
  }
  case DType::i64: {
    int64_t v;
    std::memcpy(&v, p, 8);
    return fromInt(v);
  }
  }
  return fromInt(0);
}

void storeElement(DType dtype, Scalar value, void *p) {
  switch (dtype) {
  case DType::f32: {
    float v = static_cast<float>(value.f);
    std::memcpy(p, &v, 4);
    return;
  }
  case DType::f16:
  case DType::bf16: {
    float f = static_cast<float>(value.f);
    uint16_t bits = dtype == DType::f16 ? floatToHalf(f) : floatToBf16(f);
    std::memcpy(p, &bits, 2);
    return;
  }
  case DType::i8:
    *static_cast<int8_t *>(p) = static_cast<int8_t>(value.i);
    return;
  case DType::i32: {
    int32_t v = static_cast<int32_t>(value.i);
    std::memcpy(p, &v, 4);
    return;
  }
  case DType::i64:
    std::memcpy(p, &value.i, 8);
    return;
  }
}

} // namespace umc::rt
