//===- ProgramOrder.cpp - positions and lifetimes in a host program -------===//
#include "umc/Codegen/Common/ProgramOrder.h"

#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

using namespace mlir;

namespace umc {

ProgramOrder::ProgramOrder(Operation *root) {
  int64_t next = 0;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) { first[op] = next++; });
  root->walk<WalkOrder::PostOrder>([&](Operation *op) {
    int64_t end = first[op];
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (!block.empty())
          end = std::max(end, last[&block.back()]);
    last[op] = end;
  });
}

int64_t ProgramOrder::lastUse(Value value) const {
  Block *home = value.getParentBlock();
  int64_t result = -1;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<ReshapeOp, host::ReinterpretOp>(user))
        worklist.push_back(user->getResult(0));
      Operation *holder = home->findAncestorOpInBlock(*user);
      result = std::max(result, holder ? end(holder) : position(user));
    }
  }
  return result;
}

} // namespace umc
