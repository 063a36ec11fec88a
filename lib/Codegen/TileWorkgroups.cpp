//===- TileWorkgroups.cpp - a kernel as a grid of workgroups --------------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace umc {
#define GEN_PASS_DEF_UMCTILEWORKGROUPS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct UmcTileWorkgroupsPass
    : umc::impl::UmcTileWorkgroupsBase<UmcTileWorkgroupsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func->hasAttr(umc::attrs::kKernel) || func.isDeclaration())
      return;
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    for (Value result : ret.getOperands())
      if (TilingInterface root = findRoot(result))
        if (failed(tile(root)))
          return signalPassFailure();
  }

  /// The op that computes `value`, looking through reshapes (which stay
  /// outside the loop as views of its result).
  static TilingInterface findRoot(Value value) {
    Operation *op = value.getDefiningOp();
    while (op && isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op))
      op = op->getOperand(0).getDefiningOp();
    return dyn_cast_or_null<TilingInterface>(op);
  }

  /// Tile sizes for the outer loops (0 = whole), splitting the outermost
  /// tileable parallel loops until there are enough workgroups.
  SmallVector<int64_t> chooseTileSizes(TilingInterface root,
                                       ArrayRef<int64_t> loopSizes) const {
    SmallVector<utils::IteratorType> types = root.getLoopIteratorTypes();
    int64_t tileable = loopSizes.size();
    if (auto attr = root->getAttrOfType<IntegerAttr>(umc::attrs::kTileDims))
      tileable = std::min<int64_t>(attr.getInt(), tileable);

    int64_t resultElements = 1;
    for (auto [size, type] : llvm::zip(loopSizes, types))
      if (type == utils::IteratorType::parallel)
        resultElements *= size;
    int64_t target = std::clamp<int64_t>(
        resultElements / minWorkgroupElements, 1, targetWorkgroups);

    SmallVector<int64_t> sizes(loopSizes.size(), 0);
    int64_t grid = 1;
    for (int64_t d = 0; d < tileable && grid < target; ++d) {
      if (types[d] != utils::IteratorType::parallel)
        break;
      if (grid * loopSizes[d] <= target) {
        sizes[d] = 1;
        grid *= loopSizes[d];
        continue;
      }
      sizes[d] = ceilDiv(loopSizes[d], ceilDiv(target, grid));
      grid *= ceilDiv(loopSizes[d], sizes[d]);
      break;
    }
    if (grid == 1)
      return {};
    return sizes;
  }

  LogicalResult tile(TilingInterface root) {
    IRRewriter rewriter(&getContext());
    rewriter.setInsertionPoint(root);
    SmallVector<int64_t> loopSizes;
    for (Range range : root.getIterationDomain(rewriter)) {
      std::optional<int64_t> size = getConstantIntValue(range.size);
      if (!size)
        return root->emitError("kernel loops must have static sizes");
      loopSizes.push_back(*size);
    }
    SmallVector<int64_t> sizes = chooseTileSizes(root, loopSizes);
    if (sizes.empty())
      return success();

    scf::SCFTileAndFuseOptions options;
    options.tilingOptions
        .setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes))
        .setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    FailureOr<scf::SCFTileAndFuseResult> tiled =
        scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
    if (failed(tiled))
      return root->emitError("could not split the kernel into workgroups");
    for (auto [original, replacement] : tiled->replacements)
      rewriter.replaceAllUsesWith(original, replacement);
    return success();
  }
};

} // namespace
