//===- Passes.h - lowering passes of umc ------------------------*- C++ -*-===//
#ifndef UMC_CODEGEN_PASSES_H
#define UMC_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

namespace umc {

#define GEN_PASS_DECL
#include "umc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "umc/Codegen/Passes.h.inc"

} // namespace umc

#endif // UMC_CODEGEN_PASSES_H
