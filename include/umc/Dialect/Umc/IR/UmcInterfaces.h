//===- UmcInterfaces.h - what passes ask of a umc op ------------*- C++ -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCINTERFACES_H
#define UMC_DIALECT_UMC_IR_UMCINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include <optional>

namespace umc {

/// How a parameter starts without a checkpoint.
enum class ParamInit { Zeros, Ones, Normal };

} // namespace umc

#include "umc/Dialect/Umc/IR/UmcInterfaces.h.inc"

#endif // UMC_DIALECT_UMC_IR_UMCINTERFACES_H
