//===- ProgramOrder.h - positions and lifetimes in a host program -*- C++ -*-===//
//
// The liveness questions the host passes ask ("is this buffer still needed
// when that kernel writes?") on structured control flow: ops are numbered
// in program order, and a value used inside a loop is live until the end of
// that loop, since the loop may run its use again.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_COMMON_PROGRAMORDER_H
#define UMC_CODEGEN_COMMON_PROGRAMORDER_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"

namespace umc {

class ProgramOrder {
public:
  /// Numbers every op nested in `root`, in pre-order.
  explicit ProgramOrder(mlir::Operation *root);

  /// The op's number.
  int64_t position(mlir::Operation *op) const { return first.lookup(op); }
  /// The number of the last op nested in `op` (itself if it has none).
  int64_t end(mlir::Operation *op) const { return last.lookup(op); }

  /// The last position at which `value`'s bytes may be read: its uses and
  /// the uses of views of it (umc.reshape, umc_host.reinterpret), each
  /// widened to the whole op that holds it in `value`'s block, so that a
  /// use in a loop keeps the value live to the loop's end.
  int64_t lastUse(mlir::Value value) const;

private:
  llvm::DenseMap<mlir::Operation *, int64_t> first, last;
};

} // namespace umc

#endif // UMC_CODEGEN_COMMON_PROGRAMORDER_H
