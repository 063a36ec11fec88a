//===- DeduplicateKernels.cpp - one kernel for identical kernels ----------===//
//
// A model that repeats a block (24 transformer layers) outlines 24 copies of
// each of the block's kernels, identical but for their source locations.
// Code generation dominates compile time, so the copies are merged before
// it: compile time grows with the distinct blocks, not with the layers.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"

namespace umc {
#define GEN_PASS_DEF_UMCDEDUPLICATEKERNELS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// The kernel's attributes that say what it computes: all but its name,
/// its number and where its ops came from.
DictionaryAttr semanticAttrs(func::FuncOp kernel) {
  SmallVector<NamedAttribute> kept;
  for (NamedAttribute attr : kernel->getAttrs())
    if (attr.getName() != SymbolTable::getSymbolAttrName() &&
        attr.getName() != attrs::kKernel && attr.getName() != attrs::kSourceOps)
      kept.push_back(attr);
  return DictionaryAttr::get(kernel.getContext(), kept);
}

/// A hash of what the kernel computes: equal kernels hash equal.
llvm::hash_code hashKernel(func::FuncOp kernel) {
  llvm::hash_code hash = hash_value(semanticAttrs(kernel));
  kernel.getBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

bool sameKernel(func::FuncOp a, func::FuncOp b) {
  return semanticAttrs(a) == semanticAttrs(b) &&
         OperationEquivalence::isRegionEquivalentTo(
             &a.getBody(), &b.getBody(), OperationEquivalence::IgnoreLocations);
}

struct UmcDeduplicateKernelsPass
    : umc::impl::UmcDeduplicateKernelsBase<UmcDeduplicateKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto executable : module.getOps<host::ExecutableOp>())
      deduplicate(executable);
  }

  void deduplicate(host::ExecutableOp executable) {
    auto kernels = dyn_cast_or_null<ModuleOp>(
        executable.getBody().empty() ? nullptr
                                     : &executable.getBody().front().front());
    if (!kernels)
      return;
    // The first of each set of equal kernels (in program order) stays;
    // the others become aliases of it.
    DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>> byHash;
    NamedAttrList aliases(executable.getKernelAliasesAttr());
    SmallVector<func::FuncOp> copies;
    Builder builder(&getContext());
    for (auto kernel : kernels.getOps<func::FuncOp>()) {
      if (!kernel->hasAttr(attrs::kKernel) || kernel.isDeclaration())
        continue;
      SmallVector<func::FuncOp, 1> &candidates = byHash[hashKernel(kernel)];
      auto same = llvm::find_if(
          candidates, [&](func::FuncOp kept) { return sameKernel(kept, kernel); });
      if (same == candidates.end()) {
        candidates.push_back(kernel);
        continue;
      }
      Attribute sourceOps = kernel->getAttr(attrs::kSourceOps);
      aliases.set(kernel.getSymNameAttr(),
                  builder.getDictionaryAttr(
                      {builder.getNamedAttr("same_as", same->getSymNameAttr()),
                       builder.getNamedAttr(
                           "source_ops",
                           sourceOps ? sourceOps : builder.getArrayAttr({}))}));
      copies.push_back(kernel);
    }
    if (copies.empty())
      return;
    for (func::FuncOp copy : copies)
      copy.erase();
    executable.setKernelAliasesAttr(aliases.getDictionary(&getContext()));
  }
};

} // namespace
