//===- HostOps.h - the host program's ops -----------------------*- C++ -*-===//
#ifndef UMC_DIALECT_HOST_IR_HOSTOPS_H
#define UMC_DIALECT_HOST_IR_HOSTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "umc/Dialect/Host/IR/HostDialect.h.inc"

#define GET_OP_CLASSES
#include "umc/Dialect/Host/IR/HostOps.h.inc"

#endif // UMC_DIALECT_HOST_IR_HOSTOPS_H
