//===- UmcInterfaces.h - what passes ask of a umc op ------------*- C++ -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCINTERFACES_H
#define UMC_DIALECT_UMC_IR_UMCINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include <optional>
#include <string>

namespace umc {

/// How a parameter starts without a checkpoint.
enum class ParamInit { Zeros, Ones, Normal };

/// Integers an op reads that must lie in [0, bound): the runtime's error
/// reads "<op> <noun> <value> at index [i] is outside <range>".
struct IndexRange {
  mlir::Value indices;
  int64_t bound;
  std::string noun;  // "id"
  std::string range; // "the table's 256 rows"
};

} // namespace umc

#include "umc/Dialect/Umc/IR/UmcInterfaces.h.inc"

#endif // UMC_DIALECT_UMC_IR_UMCINTERFACES_H
