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

std::unique_ptr<TargetBackend> createTargetBackend(llvm::StringRef spec,
                                                   std::string &error) {
  auto [name, list] = spec.split(':');
  const TargetBackend *backend = lookupTargetBackend(name);
  if (!backend) {
    error = "unknown target '" + name.str() + "'";
    return nullptr;
  }
  llvm::SmallVector<llvm::StringRef> parts;
  list.split(parts, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<std::string> architectures(parts.begin(), parts.end());
  if (spec.contains(':') && architectures.empty()) {
    error = "target '" + spec.str() + "' names no architecture after ':'";
    return nullptr;
  }
  return backend->forArchitectures(architectures, error);
}

std::vector<std::string> targetBackendNames() {
  std::vector<std::string> names;
  for (const TargetBackend *const *b = backends(); *b; ++b)
    names.push_back((*b)->name().str());
  return names;
}

} // namespace umc
