//===- Recompute.cpp - recompute elementwise values at distant uses -------===//
//
// Splits the uses of an elementwise value at a long gap between two of
// them and recomputes the value for the later ones, when its operands are
// alive there anyway: the value's buffer is freed across the gap, and no
// other value lives longer. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace umc {
#define GEN_PASS_DEF_UMCRECOMPUTE
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// Recomputes the elementwise values of one block. Positions are those of
/// the block's ops before any copy is inserted; a copy takes the position
/// of the op it is placed before.
class BlockRecomputer {
public:
  BlockRecomputer(Block &block, unsigned minDistance)
      : block(block), minDistance(minDistance) {
    for (Operation &op : block) {
      position[&op] = original.size();
      original.push_back(&op);
    }
  }

  void run() {
    SmallVector<Operation *> ops;
    for (Operation &op : block.without_terminator())
      ops.push_back(&op);
    for (Operation *op : ops)
      if (isCandidate(op))
        recompute(op);
  }

private:
  static bool isCandidate(Operation *op) {
    return op->hasTrait<umc::OpTrait::Elementwise>() &&
           op->getNumResults() == 1 && op->getNumRegions() == 0 && isPure(op);
  }

  /// The position in the block of the op that holds `user`.
  unsigned positionOf(Operation *user) const {
    return position.lookup(block.findAncestorOpInBlock(*user));
  }

  /// The positions of the ops of the block that read `value`, in order,
  /// each once.
  SmallVector<unsigned> usePositions(Value value) const {
    SmallVector<unsigned> positions;
    for (Operation *user : value.getUsers())
      positions.push_back(positionOf(user));
    llvm::sort(positions);
    positions.erase(std::unique(positions.begin(), positions.end()),
                    positions.end());
    return positions;
  }

  /// The value that holds `operand` at `at`, where a copy of an op would
  /// read it, or null when keeping it until there would lengthen its life.
  Value aliveAt(Value operand, unsigned at) const {
    auto copy = copies.find(operand);
    if (copy != copies.end() && copy->second.from <= at)
      operand = copy->second.value;
    Operation *producer = operand.getDefiningOp();
    if (!producer || producer->hasTrait<mlir::OpTrait::ConstantLike>())
      return operand;
    bool readAtOrAfter = llvm::any_of(operand.getUsers(), [&](Operation *user) {
      return positionOf(user) >= at;
    });
    return readAtOrAfter ? operand : Value();
  }

  void recompute(Operation *op) {
    Value result = op->getResult(0);
    SmallVector<unsigned> uses = usePositions(result);
    // The widest gap whose later side every operand reaches.
    std::optional<size_t> split;
    unsigned widest = 0;
    for (size_t i = 1; i < uses.size(); ++i) {
      unsigned gap = uses[i] - uses[i - 1];
      if (gap < minDistance || gap <= widest)
        continue;
      bool operandsAlive = llvm::all_of(op->getOperands(), [&](Value v) {
        return static_cast<bool>(aliveAt(v, uses[i]));
      });
      if (!operandsAlive)
        continue;
      split = i;
      widest = gap;
    }
    if (!split)
      return;
    // Right before the op at `from`, after the copies placed there before
    // (which may be its operands).
    unsigned from = uses[*split];
    OpBuilder b(original[from]);
    Operation *copy = b.clone(*op);
    for (OpOperand &operand : copy->getOpOperands())
      operand.set(aliveAt(operand.get(), from));
    Value again = copy->getResult(0);
    result.replaceUsesWithIf(again, [&](OpOperand &use) {
      return use.getOwner() != copy && positionOf(use.getOwner()) >= from;
    });
    position[copy] = from;
    copies[result] = {again, from};
  }

  struct Copy {
    Value value;
    unsigned from; // the first position that reads it
  };

  Block &block;
  unsigned minDistance;
  DenseMap<Operation *, unsigned> position;
  SmallVector<Operation *> original; // the block's ops by position
  DenseMap<Value, Copy> copies;
};

struct UmcRecomputePass : umc::impl::UmcRecomputeBase<UmcRecomputePass> {
  using UmcRecomputeBase::UmcRecomputeBase;

  void runOnOperation() override {
    for (Block &block : getOperation().getBody())
      BlockRecomputer(block, minDistance).run();
  }
};

} // namespace
