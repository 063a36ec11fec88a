//===- UmcDialect.h - the umc dialect ---------------------------*- C++ -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCDIALECT_H
#define UMC_DIALECT_UMC_IR_UMCDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "umc/Dialect/Umc/IR/UmcDialect.h.inc"

#endif // UMC_DIALECT_UMC_IR_UMCDIALECT_H
