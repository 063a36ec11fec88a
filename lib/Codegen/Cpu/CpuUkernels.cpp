//===- CpuUkernels.cpp - the ukernels umc-compile links into kernels ------===//
#include "umc/Codegen/Cpu/CpuUkernels.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <optional>

// The bitcode of lib/Ukernels, embedded by cmake/EmbedFile.cmake.
namespace umc::embedded {
extern const unsigned char ukernelsX86_64_v3[];
extern const size_t ukernelsX86_64_v3Size;
extern const unsigned char ukernelsX86_64_v4[];
extern const size_t ukernelsX86_64_v4Size;
} // namespace umc::embedded

namespace umc {
namespace {

std::optional<llvm::StringRef> bitcodeFor(llvm::StringRef cpu) {
  auto bytes = [](const unsigned char *data, size_t size) {
    return llvm::StringRef(reinterpret_cast<const char *>(data), size);
  };
  if (cpu == "x86-64-v3")
    return bytes(embedded::ukernelsX86_64_v3, embedded::ukernelsX86_64_v3Size);
  if (cpu == "x86-64-v4")
    return bytes(embedded::ukernelsX86_64_v4, embedded::ukernelsX86_64_v4Size);
  return std::nullopt;
}

} // namespace

bool cpuHasUkernels(llvm::StringRef cpu) { return bitcodeFor(cpu).has_value(); }

llvm::Error linkCpuUkernels(llvm::Module &module, llvm::StringRef cpu) {
  bool callsUkernels = llvm::any_of(module, [](const llvm::Function &fn) {
    return fn.isDeclaration() && fn.getName().starts_with("umc_ukernel_");
  });
  if (!callsUkernels)
    return llvm::Error::success();
  std::optional<llvm::StringRef> bitcode = bitcodeFor(cpu);
  if (!bitcode)
    return llvm::createStringError("the kernels call ukernels, but umc has "
                                   "none for CPU '" +
                                   cpu + "'");
  llvm::Expected<std::unique_ptr<llvm::Module>> ukernels =
      llvm::parseBitcodeFile(llvm::MemoryBufferRef(*bitcode, "umc-ukernels"),
                             module.getContext());
  if (!ukernels)
    return ukernels.takeError();
  // Same machine, whatever clang called it.
  (*ukernels)->setTargetTriple(module.getTargetTriple());
  (*ukernels)->setDataLayout(module.getDataLayout());
  if (llvm::Linker::linkModules(module, std::move(*ukernels),
                                llvm::Linker::LinkOnlyNeeded))
    return llvm::createStringError("linking the ukernels' bitcode failed");
  return llvm::Error::success();
}

} // namespace umc
