//===- ElementwiseInPlace.cpp - epilogues over the tile they read ---------===//
//
// After workgroup tiling, a GEMM's epilogue (bias + GELU, a residual add)
// reads the GEMM's tile and writes a fresh one, so bufferization gives the
// GEMM's tile a buffer of its own: a malloc per workgroup (an mmap and
// page faults once a tile passes 128 KiB), then a copy through the
// epilogue. Writing the epilogue over the tile it reads, and letting
// empty-tensor elimination place the chain in the output's slice, makes the
// GEMM accumulate straight into the kernel's output.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCELEMENTWISEINPLACE
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

/// The input of an elementwise generic that it can write its result over:
/// read at the same index as the result, of the same type, produced by a
/// linalg op and read by nothing else. Null if none.
OpOperand *overwritableInput(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumParallelLoops() != op.getNumLoops())
    return nullptr;
  OpOperand *init = op.getDpsInitOperand(0);
  // The result must not depend on the init's old value.
  if (op.payloadUsesValueFromOperand(init) ||
      !op.getMatchingIndexingMap(init).isIdentity())
    return nullptr;
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value value = input->get();
    if (value.getType() == init->get().getType() &&
        op.getMatchingIndexingMap(input).isIdentity() && value.hasOneUse() &&
        value.getDefiningOp<linalg::LinalgOp>())
      return input;
  }
  return nullptr;
}

struct UmcElementwiseInPlacePass
    : umc::impl::UmcElementwiseInPlaceBase<UmcElementwiseInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // A kernel whose output is bound to one of its inputs (a state updated
    // in place) must leave the output alone until the chain's last op:
    // bufferization cannot see that the two are one buffer, and an earlier
    // op written there would overwrite values still to be read.
    if (func->hasAttr(umc::attrs::kInPlaceOperand))
      return;
    func.walk([](linalg::GenericOp op) {
      if (OpOperand *input = overwritableInput(op))
        op.getDpsInitOperand(0)->set(input->get());
    });
    // A slice of an empty tensor is an empty tensor of the slice's shape,
    // which empty-tensor elimination can then replace by the slice of the
    // destination the chain's result is inserted into.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, func)))
      return signalPassFailure();
  }
};

} // namespace
