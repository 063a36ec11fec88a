//===- Scalars.h - the host program's scalar arithmetic ---------*- C++ -*-===//
//
// Registers hold integers sign-extended in 64 bits and floats in a double;
// every result is rounded to its register's type, so the bytecode computes
// what the `arith` ops it came from compute (integer division by zero gives
// 0 and MIN / -1 wraps, as in the kernels).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_LIB_RUNTIME_SCALARS_H
#define UMC_LIB_RUNTIME_SCALARS_H

#include "umc/Runtime/Module.h"

#include <cstdint>

namespace umc::rt {

union Scalar {
  int64_t i;
  double f;
};

/// `value` as a register of `type` holds it (wrapped, rounded).
Scalar normalize(ScalarType type, Scalar value);
/// A constant instruction's value for a register of `type`.
Scalar constant(ScalarType type, int64_t intValue, double floatValue);
Scalar unary(ScalarOp op, ScalarType from, ScalarType to, Scalar a);
Scalar binary(ScalarOp op, ScalarType type, ScalarType result, Scalar a,
              Scalar b);

/// An element of a buffer of `dtype` at `p`, as a register, and back.
Scalar loadElement(DType dtype, const void *p);
void storeElement(DType dtype, Scalar value, void *p);

} // namespace umc::rt

#endif // UMC_LIB_RUNTIME_SCALARS_H
