//===- SliceUpdateInPlace.cpp - a state's slice update writes the slice ---===//
//
// A kernel that appends to a state in place (umc.in_place_operand: its
// output and that input are one buffer) computes the new state as
// tensor.insert_slice into the old. With the input read-only, bufferization
// copies it whole into a new buffer and writes the slice there; with it
// writable, the slice goes into the input's own buffer and only the final
// copy into the output remains, a copy of the buffer onto itself that the
// kernel ABI drops.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace umc {
#define GEN_PASS_DEF_UMCSLICEUPDATEINPLACE
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

struct UmcSliceUpdateInPlacePass
    : umc::impl::UmcSliceUpdateInPlaceBase<UmcSliceUpdateInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto inPlace = func->getAttrOfType<IntegerAttr>(umc::attrs::kInPlaceOperand);
    if (!inPlace || func.isDeclaration() || func.getNumResults() != 1)
      return;
    unsigned operand = inPlace.getInt();
    if (operand >= func.getNumArguments())
      return;
    BlockArgument state = func.getArgument(operand);
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    auto insert = ret.getOperand(0).getDefiningOp<tensor::InsertSliceOp>();
    // The state must be read by the insertion alone: a writable input may
    // be written wherever bufferization finds it dead, and only this
    // shape is known to leave every other element as it was.
    if (!insert || insert.getDest() != state || !state.hasOneUse())
      return;
    func.setArgAttr(operand, bufferization::BufferizationDialect::kWritableAttrName,
                    BoolAttr::get(&getContext(), true));
  }
};

} // namespace
