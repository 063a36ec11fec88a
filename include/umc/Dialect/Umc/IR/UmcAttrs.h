//===- UmcAttrs.h - enums and attributes of umc -----------------*- C++ -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCATTRS_H
#define UMC_DIALECT_UMC_IR_UMCATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "umc/Dialect/Umc/IR/UmcEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "umc/Dialect/Umc/IR/UmcAttrs.h.inc"

#endif // UMC_DIALECT_UMC_IR_UMCATTRS_H
