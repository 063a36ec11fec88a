//===- Passes.h - passes on the umc dialect ---------------------*- C++ -*-===//
#ifndef UMC_TRANSFORMS_PASSES_H
#define UMC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include "umc/Dialect/Umc/IR/UmcDialect.h"

namespace umc {

#define GEN_PASS_DECL
#include "umc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "umc/Transforms/Passes.h.inc"

} // namespace umc

#endif // UMC_TRANSFORMS_PASSES_H
