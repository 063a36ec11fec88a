//===- TileWorkgroups.cpp - a kernel as a grid of workgroups --------------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
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
    if (targetWorkgroups < 1 || minWorkgroupElements < 1) {
      func.emitError("umc-tile-workgroups: target-workgroups and "
                     "min-workgroup-elements must be at least 1, got ")
          << static_cast<int64_t>(targetWorkgroups) << " and "
          << static_cast<int64_t>(minWorkgroupElements);
      return signalPassFailure();
    }
    if (!func->hasAttr(umc::attrs::kKernel) || func.isDeclaration())
      return;
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    SmallVector<TilingInterface> roots;
    for (Value result : ret.getOperands())
      if (TilingInterface op = findRoot(result))
        roots.push_back(op);
    if (roots.empty())
      return;
    // The last root in program order; the others feed it and are fused into
    // its loop (umc-fuse only forms chains).
    TilingInterface root = roots.front();
    for (TilingInterface op : roots)
      if (root->isBeforeInBlock(op))
        root = op;
    if (failed(tile(func, root, ret)))
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
  SmallVector<int64_t> chooseTileSizes(func::FuncOp func, TilingInterface root,
                                       ArrayRef<int64_t> loopSizes) const {
    SmallVector<utils::IteratorType> types = root.getLoopIteratorTypes();
    int64_t tileable = loopSizes.size();
    func.walk([&](Operation *op) {
      if (auto attr = op->getAttrOfType<IntegerAttr>(umc::attrs::kTileDims))
        tileable = std::min<int64_t>(attr.getInt(), tileable);
    });

    int64_t resultElements = 1;
    for (auto [size, type] : llvm::zip(loopSizes, types))
      if (type == utils::IteratorType::parallel)
        resultElements *= size;
    int64_t target = std::clamp<int64_t>(
        resultElements / minWorkgroupElements, 1, targetWorkgroups);

    bool splitColumns = false;
    func.walk([&](Operation *op) {
      splitColumns |= op->hasAttr(umc::attrs::kSplitColumns);
    });
    // Only when the columns are the root's last parallel loop and no op of
    // the kernel keeps them whole (a norm after the linear needs full rows).
    int64_t parallelPrefix = 0;
    while (parallelPrefix < static_cast<int64_t>(types.size()) &&
           types[parallelPrefix] == utils::IteratorType::parallel)
      ++parallelPrefix;
    if (splitColumns && tileable >= 2 && tileable == parallelPrefix)
      return chooseRowsAndColumns(loopSizes, tileable, target);

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

  /// Tiles for a kernel around a linear: outer (batch) loops one by one,
  /// then the rows and the output columns together, columns in slices of
  /// at least kMinColumns, so that a workgroup's slice of the weight is
  /// reused over many rows instead of every workgroup reading all of it.
  static SmallVector<int64_t> chooseRowsAndColumns(ArrayRef<int64_t> loopSizes,
                                                   int64_t tileable,
                                                   int64_t target) {
    constexpr int64_t kMinColumns = 128;
    SmallVector<int64_t> sizes(loopSizes.size(), 0);
    int64_t grid = 1;
    int64_t rows = tileable - 2, columns = tileable - 1;
    for (int64_t d = 0; d < rows; ++d) {
      sizes[d] = 1;
      grid *= loopSizes[d];
    }
    int64_t parts = std::max<int64_t>(1, ceilDiv(target, grid));
    int64_t columnParts = std::clamp<int64_t>(
        loopSizes[columns] / kMinColumns, 1, parts);
    int64_t rowParts =
        std::clamp<int64_t>(ceilDiv(parts, columnParts), 1, loopSizes[rows]);
    sizes[rows] = ceilDiv(loopSizes[rows], rowParts);
    sizes[columns] = ceilDiv(loopSizes[columns], columnParts);
    grid *= ceilDiv(loopSizes[rows], sizes[rows]) *
            ceilDiv(loopSizes[columns], sizes[columns]);
    if (grid == 1)
      return {};
    return sizes;
  }

  /// Rounds each tile size up to the multiples some op of the kernel asks
  /// for (attrs::kTileMultiples), so that operands read through floordiv are
  /// sliced on whole groups.
  static void roundToMultiples(func::FuncOp func, SmallVector<int64_t> &sizes,
                               ArrayRef<int64_t> loopSizes) {
    func.walk([&](Operation *op) {
      auto multiples =
          op->getAttrOfType<DenseI64ArrayAttr>(umc::attrs::kTileMultiples);
      if (!multiples)
        return;
      for (auto [d, multiple] : llvm::enumerate(multiples.asArrayRef()))
        if (d < sizes.size() && sizes[d] > 0 && multiple > 1)
          sizes[d] = std::min(ceilDiv(sizes[d], multiple) * multiple,
                              loopSizes[d]);
    });
  }

  /// Whether `op`'s results are returned by the kernel (through reshapes).
  static bool isReturned(Operation *op, func::ReturnOp ret) {
    for (Value value : ret.getOperands())
      if (findRoot(value) == op)
        return true;
    return false;
  }

  LogicalResult tile(func::FuncOp func, TilingInterface root,
                     func::ReturnOp ret) {
    IRRewriter rewriter(&getContext());
    rewriter.setInsertionPoint(root);
    SmallVector<int64_t> loopSizes;
    for (Range range : root.getIterationDomain(rewriter)) {
      std::optional<int64_t> size = getConstantIntValue(range.size);
      if (!size)
        return root->emitError("kernel loops must have static sizes");
      loopSizes.push_back(*size);
    }
    // An empty result has no work to split.
    if (llvm::is_contained(loopSizes, 0))
      return success();
    SmallVector<int64_t> sizes = chooseTileSizes(func, root, loopSizes);
    if (sizes.empty())
      return success();
    roundToMultiples(func, sizes, loopSizes);

    scf::SCFTileAndFuseOptions options;
    options.tilingOptions
        .setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes))
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
