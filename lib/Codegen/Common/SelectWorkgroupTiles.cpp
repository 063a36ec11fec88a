//===- SelectWorkgroupTiles.cpp - how to split a kernel into workgroups ---===//
//
// The strategy half of workgroup tiling (IREE splits it the same way): this
// pass decides each kernel's tile sizes and records them on the kernel's
// root as #umc.workgroup_tiles; umc-tile-workgroups applies them. It reads
// only what the lowerings state (#umc.partition) and what the indexing maps
// say (loops read through floordiv), and fails safe: a kernel whose ops
// state nothing is left as one workgroup.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Interfaces/TilingInterface.h"

#include <numeric>

namespace umc {
#define GEN_PASS_DEF_UMCSELECTWORKGROUPTILES
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The op that computes `value`, looking through reshapes (which stay
/// outside the loop as views of its result).
TilingInterface findRoot(Value value) {
  Operation *op = value.getDefiningOp();
  while (op && isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op))
    op = op->getOperand(0).getDefiningOp();
  return dyn_cast_or_null<TilingInterface>(op);
}

/// The divisor N of every `e floordiv N` or `e mod N` in `expr` whose `e`
/// reads loop `dim`, combined by lcm into `multiple`.
void collectDivisors(AffineExpr expr, unsigned dim, int64_t &multiple) {
  expr.walk([&](AffineExpr sub) {
    auto binary = dyn_cast<AffineBinaryOpExpr>(sub);
    if (!binary || (binary.getKind() != AffineExprKind::FloorDiv &&
                    binary.getKind() != AffineExprKind::Mod))
      return;
    auto divisor = dyn_cast<AffineConstantExpr>(binary.getRHS());
    if (divisor && divisor.getValue() > 1 &&
        binary.getLHS().isFunctionOfDim(dim))
      multiple = std::lcm(multiple, divisor.getValue());
  });
}

/// Per loop of `root`, a number its tiles must be a multiple of: MLIR's
/// tiling shifts indices linearly, which slices an operand read at
/// `loop floordiv N` (a kv head shared by N query heads, a conv or norm
/// group, a row of patches) wrongly unless tiles hold whole groups. The
/// maps of the root and of the producers fused into it are read, each
/// producer's loops traced to the root's through the tensor between them.
SmallVector<int64_t> tileMultiples(linalg::LinalgOp root) {
  SmallVector<int64_t> multiples(root.getNumLoops(), 1);
  // For each op reached: which root loop each of its loops is (-1: none).
  SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> worklist;
  SmallVector<int64_t> identity(root.getNumLoops());
  std::iota(identity.begin(), identity.end(), 0);
  worklist.push_back({root, identity});
  llvm::SmallPtrSet<Operation *, 8> seen{root};
  while (!worklist.empty()) {
    auto [op, toRoot] = worklist.pop_back_val();
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      for (unsigned d = 0; d < op.getNumLoops(); ++d) {
        if (toRoot[d] < 0)
          continue;
        for (AffineExpr expr : map.getResults())
          collectDivisors(expr, d, multiples[toRoot[d]]);
      }
      auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
      if (!producer || !seen.insert(producer).second)
        continue;
      // Producer loop k writes tensor dim t = consumer loop d: the two are
      // the same loop after fusion.
      AffineMap produced = producer.getIndexingMapMatchingResult(
          cast<OpResult>(input->get()));
      SmallVector<int64_t> producerToRoot(producer.getNumLoops(), -1);
      for (unsigned t = 0; t < map.getNumResults(); ++t) {
        auto read = dyn_cast<AffineDimExpr>(map.getResult(t));
        auto written = dyn_cast<AffineDimExpr>(produced.getResult(t));
        if (read && written)
          producerToRoot[written.getPosition()] = toRoot[read.getPosition()];
      }
      worklist.push_back({producer, producerToRoot});
    }
  }
  return multiples;
}

struct UmcSelectWorkgroupTilesPass
    : umc::impl::UmcSelectWorkgroupTilesBase<UmcSelectWorkgroupTilesPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (targetWorkgroups < 1 || minWorkgroupIterations < 1) {
      func.emitError("umc-select-workgroup-tiles: target-workgroups and "
                     "min-workgroup-iterations must be at least 1, got ")
          << static_cast<int64_t>(targetWorkgroups) << " and "
          << static_cast<int64_t>(minWorkgroupIterations);
      return signalPassFailure();
    }
    if (!func->hasAttr(attrs::kKernel) || func.isDeclaration())
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
    select(func, root);
  }

  void select(func::FuncOp func, TilingInterface root) {
    OpBuilder builder(root);
    SmallVector<int64_t> loopSizes;
    for (Range range : root.getIterationDomain(builder)) {
      std::optional<int64_t> size = getConstantIntValue(range.size);
      if (!size)
        return; // dynamic loops: left whole
      loopSizes.push_back(*size);
    }
    // An empty result has no work to split.
    if (llvm::is_contained(loopSizes, 0))
      return;
    SmallVector<int64_t> sizes = chooseTileSizes(func, root, loopSizes);
    if (sizes.empty())
      return;
    if (auto linalgRoot = dyn_cast<linalg::LinalgOp>(root.getOperation()))
      for (auto [size, multiple, loop] :
           llvm::zip(sizes, tileMultiples(linalgRoot), loopSizes))
        if (size > 0 && multiple > 1)
          size = std::min(ceilDiv(size, multiple) * multiple, loop);
    root->setAttr(attrs::kWorkgroupTiles,
                  WorkgroupTilesAttr::get(&getContext(), sizes));
  }
  /// Tile sizes for the outer loops (0 = whole), splitting the outermost
  /// tileable parallel loops until there are enough workgroups.
  SmallVector<int64_t> chooseTileSizes(func::FuncOp func, TilingInterface root,
                                       ArrayRef<int64_t> loopSizes) const {
    SmallVector<utils::IteratorType> types = root.getLoopIteratorTypes();
    // The loops every op of the kernel lets be split; none unless some op
    // says so.
    std::optional<int64_t> stated;
    bool splitColumns = false;
    func.walk([&](Operation *op) {
      if (auto partition = op->getAttrOfType<PartitionAttr>(attrs::kPartition)) {
        stated = std::min(stated.value_or(partition.getLoops()),
                          partition.getLoops());
        splitColumns |= partition.getSplitColumns();
      }
    });
    if (!stated)
      return {};
    int64_t tileable =
        std::min<int64_t>(*stated, static_cast<int64_t>(loopSizes.size()));

    // The reduced loops count: a GEMV's 4096 outputs of 4096 terms each
    // are worth splitting, 4096 sums of one term are not.
    int64_t iterations = 1;
    for (int64_t size : loopSizes)
      iterations = iterations > INT64_MAX / size ? INT64_MAX : iterations * size;
    int64_t target = std::clamp<int64_t>(iterations / minWorkgroupIterations,
                                         1, targetWorkgroups);

    // Only when the columns are the root's last parallel loop and no op of
    // the kernel keeps them whole (a norm after the linear needs full rows):
    // a linear's loops (batch..., rows, columns, k), an epilogue's (batch...,
    // rows, columns), or a matmul's (batch..., rows, k, columns).
    int64_t loops = static_cast<int64_t>(types.size());
    int64_t parallelPrefix = 0;
    while (parallelPrefix < loops &&
           types[parallelPrefix] == utils::IteratorType::parallel)
      ++parallelPrefix;
    if (splitColumns && tileable >= 2 && tileable == parallelPrefix)
      return chooseRowsAndColumns(loopSizes, tileable - 2, tileable - 1,
                                  target);
    bool columnsAfterReduction =
        loops >= 3 && tileable == loops && parallelPrefix == loops - 2 &&
        types[loops - 1] == utils::IteratorType::parallel;
    if (splitColumns && columnsAfterReduction)
      return chooseRowsAndColumns(loopSizes, loops - 3, loops - 1, target);

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
  /// then the rows and the output columns together. Rows first, in slices
  /// of at least kMinRows (the CPU's GEMM ukernel packs a weight that was
  /// not packed at load once per workgroup, which costs about as much as
  /// 16 rows of multiply-adds); then columns, in slices of at least
  /// kMinColumns, so that a workgroup's slice of the weight is reused over
  /// many rows instead of every workgroup reading all of it. Rows first
  /// gives wide column slices, each block of rows the microkernel holds
  /// serving many slivers of the weight: 2048^3 on 64 workgroups of 128 x
  /// 512 ran 7% faster than on 512 x 128 (AVX-512).
  static SmallVector<int64_t> chooseRowsAndColumns(ArrayRef<int64_t> loopSizes,
                                                   int64_t rows,
                                                   int64_t columns,
                                                   int64_t target) {
    constexpr int64_t kMinColumns = 128;
    constexpr int64_t kMinRows = 128;
    SmallVector<int64_t> sizes(loopSizes.size(), 0);
    int64_t grid = 1;
    for (int64_t d = 0; d < rows; ++d) {
      sizes[d] = 1;
      grid *= loopSizes[d];
    }
    int64_t parts = std::max<int64_t>(1, ceilDiv(target, grid));
    int64_t rowParts =
        std::clamp<int64_t>(loopSizes[rows] / kMinRows, 1, parts);
    int64_t maxColumnParts =
        std::max<int64_t>(1, loopSizes[columns] / kMinColumns);
    int64_t columnParts =
        std::clamp<int64_t>(ceilDiv(parts, rowParts), 1, maxColumnParts);
    sizes[rows] = ceilDiv(loopSizes[rows], rowParts);
    // Whole register blocks of columns (32: the AVX-512 microkernel's; two
    // of AVX2's), so that only the last tile has a partial one: 1376
    // columns in 10 parts were 138 each, a partial block in every tile.
    // And equal tiles where a few more parts divide the blocks: 3072
    // columns wanted in 22 parts are 24 of 128, not 19 of 160 and one of
    // 32 (a post-norm layer's fc1 ran 5% slower with those).
    constexpr int64_t kColumnBlock = 32;
    int64_t blocks = ceilDiv(loopSizes[columns], kColumnBlock);
    for (int64_t p = columnParts; p <= maxColumnParts; ++p)
      if (blocks % p == 0) {
        columnParts = p;
        break;
      }
    sizes[columns] = std::min(loopSizes[columns],
                              ceilDiv(blocks, columnParts) * kColumnBlock);
    grid *= ceilDiv(loopSizes[rows], sizes[rows]) *
            ceilDiv(loopSizes[columns], sizes[columns]);
    if (grid == 1)
      return {};
    return sizes;
  }
};

} // namespace
