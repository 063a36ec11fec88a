//===- UmcShapes.h - shape arithmetic shared by the umc ops -----*- C++ -*-===//
//
// Pure functions over static shapes. The op verifiers, type inference and
// (later) the lowerings use them, so that one rule has one implementation.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_UMCSHAPES_H
#define UMC_DIALECT_UMC_IR_UMCSHAPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace umc {

/// NumPy broadcasting of two shapes: aligned at the last dimension, a 1 or a
/// missing leading dimension stretches. std::nullopt when they do not fit.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// An axis in [-rank, rank) as a dimension index in [0, rank), or
/// std::nullopt when it is out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Output length of one spatial dimension of a convolution (PyTorch's
/// formula, rounded down); zero or negative when the kernel does not fit.
int64_t convOutputSize(int64_t input, int64_t kernel, int64_t stride,
                       int64_t padding, int64_t dilation);

/// Whether `permutation` holds each of 0 .. size-1 exactly once.
bool isPermutation(llvm::ArrayRef<int64_t> permutation);

/// The number of elements of a static shape.
int64_t numElements(llvm::ArrayRef<int64_t> shape);

} // namespace umc

#endif // UMC_DIALECT_UMC_IR_UMCSHAPES_H
