//===- TileWorkgroups.cpp - a kernel as a grid of workgroups --------------===//
//
// The mechanism half of workgroup tiling: the root op that
// umc-select-workgroup-tiles marked (#umc.workgroup_tiles) is tiled into an
// scf.forall of workgroups, and the ops that feed it are fused into the
// loop. A kernel without a marked op is left as it is.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace umc {
#define GEN_PASS_DEF_UMCTILEWORKGROUPS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

struct UmcTileWorkgroupsPass
    : umc::impl::UmcTileWorkgroupsBase<UmcTileWorkgroupsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func->hasAttr(attrs::kKernel) || func.isDeclaration())
      return;
    SmallVector<TilingInterface> marked;
    func.walk([&](TilingInterface op) {
      if (op->hasAttr(attrs::kWorkgroupTiles))
        marked.push_back(op);
    });
    if (marked.empty())
      return;
    if (marked.size() > 1) {
      marked[1]->emitError("a kernel has one root to split into workgroups; "
                           "this is the second op with '")
          << attrs::kWorkgroupTiles << "'";
      return signalPassFailure();
    }
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    if (failed(tile(marked.front(), ret)))
      return signalPassFailure();
  }

  /// The op that computes `value`, looking through reshapes.
  static Operation *producerOf(Value value) {
    Operation *op = value.getDefiningOp();
    while (op && isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op))
      op = op->getOperand(0).getDefiningOp();
    return op;
  }

  /// Whether `op`'s results are returned by the kernel (through reshapes).
  static bool isReturned(Operation *op, func::ReturnOp ret) {
    for (Value value : ret.getOperands())
      if (producerOf(value) == op)
        return true;
    return false;
  }

  LogicalResult tile(TilingInterface root, func::ReturnOp ret) {
    auto tiles = root->getAttrOfType<WorkgroupTilesAttr>(attrs::kWorkgroupTiles);
    root->removeAttr(attrs::kWorkgroupTiles);
    IRRewriter rewriter(&getContext());
    rewriter.setInsertionPoint(root);
    scf::SCFTileAndFuseOptions options;
    options.tilingOptions
        .setTileSizes(getAsIndexOpFoldResult(&getContext(), tiles.getSizes()))
        .setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    // A producer fused for several consumers is computed in each of them;
    // one copy (the first) is yielded, so a returned intermediate is written
    // once.
    llvm::SmallPtrSet<Operation *, 4> yielded;
    options.setFusionControlFn(
        [&](tensor::ExtractSliceOp, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          scf::SCFTileAndFuseOptions::ControlFnResult result;
          Operation *op = producer.getOwner();
          result.yieldProducerReplacement =
              isReturned(op, ret) && yielded.insert(op).second;
          return result;
        });
    FailureOr<scf::SCFTileAndFuseResult> tiled =
        scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
    if (failed(tiled))
      return root->emitError("could not split the kernel into workgroups");
    // Only uses after the loop move to its results: the ops before it that
    // still read an original value were fused into the loop and are dead,
    // and the loop body reads its own slices.
    for (auto [original, replacement] : tiled->replacements) {
      Operation *loop = replacement.getDefiningOp();
      rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
        Operation *user = use.getOwner();
        return !loop->isAncestor(user) &&
               (user->getBlock() != loop->getBlock() ||
                loop->isBeforeInBlock(user));
      });
    }
    return success();
  }
};

} // namespace
