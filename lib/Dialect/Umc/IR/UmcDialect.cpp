//===- UmcDialect.cpp - the umc dialect -----------------------------------===//
#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "umc/Dialect/Umc/IR/UmcDialect.cpp.inc"

void umc::UmcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "umc/Dialect/Umc/IR/UmcOps.cpp.inc"
      >();
  registerAttributes();
}
