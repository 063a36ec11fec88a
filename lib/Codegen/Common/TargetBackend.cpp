//===- TargetBackend.cpp - the targets umc-compile knows ------------------===//
//
// The one list of target back ends: a new target adds its line here (and a
// Device in the runtime), nothing else in shared code.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Common/TargetBackend.h"

#include "umc/Codegen/Cpu/CpuBackend.h"

namespace umc {
namespace {

const TargetBackend *const *backends() {
  static const CpuBackend cpu;
  static const TargetBackend *const list[] = {&cpu, nullptr};
  return list;
}

} // namespace

const TargetBackend *lookupTargetBackend(llvm::StringRef name) {
  for (const TargetBackend *const *b = backends(); *b; ++b)
    if ((*b)->name() == name)
      return *b;
  return nullptr;
}

std::vector<std::string> targetBackendNames() {
  std::vector<std::string> names;
  for (const TargetBackend *const *b = backends(); *b; ++b)
    names.push_back((*b)->name().str());
  return names;
}

} // namespace umc
