//===- UmcOps.h - the primitive ops of umc ----------------------*- C++ -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCOPS_H
#define UMC_DIALECT_UMC_IR_UMCOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/Dialect/Umc/IR/UmcInterfaces.h"
#include "umc/Dialect/Umc/IR/UmcTraits.h"

#define GET_OP_CLASSES
#include "umc/Dialect/Umc/IR/UmcOps.h.inc"

#endif // UMC_DIALECT_UMC_IR_UMCOPS_H
