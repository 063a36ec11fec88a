//===- LossFunctions.h - the functions marked umc.loss ----------*- C++ -*-===//
//
// umc-autodiff and umc-train-step both work on every loss function of a
// module; they find them here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TRANSFORMS_LOSSFUNCTIONS_H
#define UMC_TRANSFORMS_LOSSFUNCTIONS_H

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace umc {

/// The functions with a body marked umc.loss, in module order; collected
/// first, so that a pass may add functions while it walks them.
inline llvm::SmallVector<mlir::func::FuncOp>
lossFunctions(mlir::ModuleOp module) {
  llvm::SmallVector<mlir::func::FuncOp> losses;
  for (auto function : module.getOps<mlir::func::FuncOp>())
    if (function->hasAttr(attrs::kLoss) && !function.isExternal())
      losses.push_back(function);
  return losses;
}

} // namespace umc

#endif // UMC_TRANSFORMS_LOSSFUNCTIONS_H
