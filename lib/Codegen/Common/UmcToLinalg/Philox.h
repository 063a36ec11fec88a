//===- Philox.h - counter-based random numbers in generated code -*- C++ -*-===//
//
// Philox-4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
// as easy as 1, 2, 3", SC 2011), the generator of cuRAND, JAX and PyTorch's
// CUDA backend: four 32-bit words are a pure function of a 64-bit key and a
// 128-bit counter, so a kernel draws the same numbers whatever thread runs
// it. Private to the umc-to-linalg lowering.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_LIB_CODEGEN_UMCTOLINALG_PHILOX_H
#define UMC_LIB_CODEGEN_UMCTOLINALG_PHILOX_H

#include "mlir/IR/Builders.h"

#include <array>

namespace umc::lowering {

/// The four output words for key `key` (i64) and counter words
/// (`counterLow`, `counterHigh`), both i64: counter = (low, low >> 32, high,
/// high >> 32) as 32-bit words.
std::array<mlir::Value, 4> philox4x32(mlir::OpBuilder &b, mlir::Location loc,
                                      mlir::Value key, mlir::Value counterLow,
                                      mlir::Value counterHigh);

/// A uniform f32 in [0, 1) from one output word: its top 24 bits * 2^-24.
mlir::Value uniformFromWord(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value word);

} // namespace umc::lowering

#endif // UMC_LIB_CODEGEN_UMCTOLINALG_PHILOX_H
