//===- CpuUnrollJamContractions.cpp - dot products over several outputs ---===//
//
// A linear computes each output as a dot product of two contiguous rows.
// One output at a time, every element of the shared row is loaded again for
// every output. Here `factor` neighbouring outputs share one pass over k:
// their accumulators are loop-carried values (registers, not memory), the
// shared row is loaded once per k for all of them, and LLVM vectorizes the
// k loop with one vector accumulator per output.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUUNROLLJAMCONTRACTIONS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

/// A contraction on buffers with static loops whose only reduction is the
/// innermost loop, inside a parallel one: out[..., n] += f(a[..., k], b[n, k]).
bool isDotProductContraction(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumDpsInputs() != 2 || op.hasDynamicShape())
    return false;
  SmallVector<utils::IteratorType> types = op.getIteratorTypesArray();
  if (types.size() < 2 || types.back() != utils::IteratorType::reduction ||
      types[types.size() - 2] != utils::IteratorType::parallel)
    return false;
  if (llvm::count(types, utils::IteratorType::reduction) != 1)
    return false;
  // The body must not ask for loop indices (linalg.index).
  return op.getBody()->getOps<linalg::IndexOp>().empty();
}

/// `map` applied to `ivs` as index values.
SmallVector<Value> indices(OpBuilder &b, Location loc, AffineMap map,
                           ValueRange ivs) {
  SmallVector<Value> result;
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    result.push_back(affine::AffineApplyOp::create(b, loc, map.getSubMap({r}),
                                                   ivs));
  return result;
}

struct UmcCpuUnrollJamContractionsPass
    : umc::impl::UmcCpuUnrollJamContractionsBase<
          UmcCpuUnrollJamContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (factor < 1) {
      getOperation()->emitError("umc-cpu-unroll-jam-contractions: factor "
                                "must be at least 1, got ")
          << static_cast<int64_t>(factor);
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> contractions;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isDotProductContraction(op))
        contractions.push_back(op);
    });
    for (linalg::GenericOp op : contractions) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      unsigned n = ranges.size() - 2;
      int64_t jamN = largestDividing(factor, ranges[n]);
      int64_t jamM = n > 0 ? largestDividing(rows, ranges[n - 1]) : 1;
      if (jamN * jamM > 1)
        rewrite(op, ranges, jamM, jamN);
    }
  }

  /// The largest of `want`, want / 2, ... that divides `trips` (at least 1).
  static int64_t largestDividing(int64_t want, int64_t trips) {
    int64_t f = std::max<int64_t>(want, 1);
    while (f > 1 && trips % f != 0)
      f /= 2;
    return f;
  }

  /// for outer...: for m by jamM: for n by jamN: acc[i][j] = out[m+i, n+j];
  ///   for k: acc[i][j] = body(a, b, acc[i][j]); out[m+i, n+j] = acc[i][j].
  static void rewrite(linalg::GenericOp op, ArrayRef<int64_t> ranges,
                      int64_t jamM, int64_t jamN) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    unsigned numLoops = ranges.size();
    auto constant = [&](int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    Value zero = constant(0), one = constant(1);

    // The parallel loops, the last two stepping by the block.
    SmallVector<Value> ivs;
    for (unsigned d = 0; d + 1 < numLoops; ++d) {
      int64_t step = d + 2 == numLoops ? jamN : d + 3 == numLoops ? jamM : 1;
      auto loop = scf::ForOp::create(b, loc, zero, constant(ranges[d]),
                                     constant(step));
      b.setInsertionPointToStart(loop.getBody());
      ivs.push_back(loop.getInductionVar());
    }
    OpOperand *lhs = op.getDpsInputOperand(0), *rhs = op.getDpsInputOperand(1);
    OpOperand *out = op.getDpsInitOperand(0);
    AffineMap outMap = op.getMatchingIndexingMap(out);

    // The loop indices of output (i, j) of the block, with k = `k`.
    int64_t jam = jamM * jamN;
    auto loopIndices = [&](int64_t block, Value k) {
      SmallVector<Value> dims(ivs);
      unsigned n = dims.size() - 1;
      dims[n] = arith::AddIOp::create(b, loc, dims[n], constant(block % jamN));
      if (jamM > 1)
        dims[n - 1] = arith::AddIOp::create(b, loc, dims[n - 1],
                                            constant(block / jamN));
      dims.push_back(k);
      return dims;
    };
    SmallVector<Value> inits;
    for (int64_t i = 0; i < jam; ++i)
      inits.push_back(memref::LoadOp::create(
          b, loc, out->get(), indices(b, loc, outMap, loopIndices(i, zero))));

    auto kLoop = scf::ForOp::create(b, loc, zero, constant(ranges.back()),
                                    one, inits);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value k = kLoop.getInductionVar();
      Block *body = op.getBody();
      SmallVector<Value> next;
      for (int64_t i = 0; i < jam; ++i) {
        SmallVector<Value> dims = loopIndices(i, k);
        IRMapping mapping;
        mapping.map(body->getArgument(0),
                    memref::LoadOp::create(
                        b, loc, lhs->get(),
                        indices(b, loc, op.getMatchingIndexingMap(lhs), dims)));
        mapping.map(body->getArgument(1),
                    memref::LoadOp::create(
                        b, loc, rhs->get(),
                        indices(b, loc, op.getMatchingIndexingMap(rhs), dims)));
        mapping.map(body->getArgument(2), kLoop.getRegionIterArg(i));
        for (Operation &inner : body->without_terminator())
          b.clone(inner, mapping);
        next.push_back(
            mapping.lookup(body->getTerminator()->getOperand(0)));
      }
      scf::YieldOp::create(b, loc, next);
    }
    for (int64_t i = 0; i < jam; ++i)
      memref::StoreOp::create(b, loc, kLoop.getResult(i), out->get(),
                              indices(b, loc, outMap, loopIndices(i, zero)));
    op.erase();
  }
};

} // namespace
