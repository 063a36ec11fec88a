//===- PlanHostMemory.cpp - temporaries of a host function in one arena ---===//
#include "umc/Codegen/Passes.h"

#include "umc/Codegen/Common/MemoryPlan.h"
#include "umc/Codegen/Common/ProgramOrder.h"
#include "umc/Dialect/Host/IR/HostOps.h"

#include "mlir/IR/Builders.h"

namespace umc {
#define GEN_PASS_DEF_UMCPLANHOSTMEMORY
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// Kernels read and write whole cache lines; every buffer starts on one.
constexpr uint64_t kArenaAlignment = 64;

uint64_t byteSize(MemRefType type) {
  return static_cast<uint64_t>(type.getNumElements()) *
         ((type.getElementTypeBitWidth() + 7) / 8);
}

struct UmcPlanHostMemoryPass
    : umc::impl::UmcPlanHostMemoryBase<UmcPlanHostMemoryPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (failed(plan(func)))
        return signalPassFailure();
  }

  LogicalResult plan(func::FuncOp func) {
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    ProgramOrder order(func);
    SmallVector<BufferLifetime> lifetimes;
    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !alloc.getDynamicSizes().empty())
        return alloc.emitError("host buffers have static shapes and "
                               "contiguous layouts, got ")
               << type;
      int64_t first = order.position(alloc);
      lifetimes.push_back(
          {byteSize(type), first,
           std::max(first, order.lastUse(alloc.getResult()))});
    }
    MemoryPlan memory = planMemory(lifetimes, kArenaAlignment);
    for (auto [alloc, offset] : llvm::zip(allocs, memory.offsets)) {
      OpBuilder builder(alloc);
      Value view = host::ArenaViewOp::create(
          builder, alloc.getLoc(), alloc.getType(),
          builder.getI64IntegerAttr(static_cast<int64_t>(offset)));
      alloc.replaceAllUsesWith(view);
      alloc.erase();
    }
    func->setAttr(host::HostDialect::kArenaBytesAttrName,
                  OpBuilder(func).getI64IntegerAttr(
                      static_cast<int64_t>(memory.arenaBytes)));
    return success();
  }
};

} // namespace
