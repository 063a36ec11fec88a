//===- CpuSharedObject.cpp - CPU kernels as a loadable shared object ------===//
#include "umc/Codegen/Cpu/CpuBackend.h"

#include "umc/Codegen/Cpu/CpuUkernels.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Target/TargetOptions.h"

using namespace mlir;

namespace umc {
namespace {

/// Removes a temporary file when it goes out of scope.
struct TempFile {
  llvm::SmallString<128> path;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

/// ld.lld from LLVM 22: beside our LLVM first, then on PATH.
std::optional<std::string> findLinker() {
  for (const char *candidate : {"/usr/lib/llvm-22/bin/ld.lld", "ld.lld-22",
                                "ld.lld"}) {
    if (llvm::sys::fs::can_execute(candidate))
      return std::string(candidate);
    if (auto found = llvm::sys::findProgramByName(candidate))
      return *found;
  }
  return std::nullopt;
}

} // namespace

void preferWidestVectors(llvm::Module &module,
                         const llvm::TargetMachine &machine) {
  // LLVM's tuning for AVX-512 levels prefers 256-bit vectors (for older
  // Xeons' clock drop), which left the loops LLVM vectorizes (LayerNorm,
  // GELU, the epilogues) at half the width the ukernels use: LayerNorm ->
  // GELU 13-20% slower on an AVX-512 Xeon.
  if (!machine.getMCSubtargetInfo()->checkFeatures("+avx512f"))
    return;
  for (llvm::Function &fn : module)
    if (!fn.isDeclaration())
      fn.addFnAttr("prefer-vector-width", "512");
}

FailureOr<std::vector<uint8_t>> buildCpuSharedObject(ModuleOp module,
                                                     const CpuTarget &target) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "umc_kernels");
  if (!llvmModule)
    return module.emitError("could not translate the kernels to LLVM IR");

  std::string error;
  llvm::Triple triple(target.triple);
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return module.emitError("unknown CPU target '")
           << target.triple << "': " << error;
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, target.cpu, target.features, llvm::TargetOptions(),
      llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(triple);
  llvmModule->setSourceFileName("umc_kernels");

  if (llvm::Error err = linkCpuUkernels(*llvmModule, target.cpu))
    return module.emitError(llvm::toString(std::move(err)));

  // Only the entry points are the object's interface; everything else may
  // be inlined and dropped (the ukernels too).
  for (llvm::Function &fn : *llvmModule)
    if (!fn.isDeclaration() && !fn.getName().starts_with("umc_kernel_"))
      fn.setLinkage(llvm::GlobalValue::InternalLinkage);
  preferWidestVectors(*llvmModule, *machine);

  auto optimize = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                            machine.get());
  if (llvm::Error err = optimize(llvmModule.get()))
    return module.emitError("LLVM optimization failed: ")
           << llvm::toString(std::move(err));

  llvm::SmallVector<char> object;
  {
    llvm::raw_svector_ostream os(object);
    llvm::legacy::PassManager codegen;
    if (machine->addPassesToEmitFile(codegen, os, nullptr,
                                     llvm::CodeGenFileType::ObjectFile))
      return module.emitError("the CPU target cannot emit object files");
    codegen.run(*llvmModule);
  }

  std::optional<std::string> linker = findLinker();
  if (!linker)
    return module.emitError("ld.lld not found: install lld-22 "
                            "(scripts/setup.sh does)");
  TempFile objectFile, sharedFile;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("umc-kernels", "o", fd,
                                         objectFile.path) ||
      llvm::sys::fs::createTemporaryFile("umc-kernels", "so",
                                         sharedFile.path))
    return module.emitError("cannot create temporary files for linking");
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out.write(object.data(), object.size());
  }
  llvm::SmallVector<llvm::StringRef> args{
      *linker,    "-shared", "--hash-style=gnu", "-z",  "noexecstack",
      "-z",       "now",     "-o",               sharedFile.path,
      objectFile.path};
  std::string linkError;
  int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                         &linkError);
  if (status != 0)
    return module.emitError("linking the kernels failed (")
           << *linker << " exited with " << status << "): " << linkError;

  auto buffer = llvm::MemoryBuffer::getFile(sharedFile.path);
  if (!buffer)
    return module.emitError("cannot read the linked kernels: ")
           << buffer.getError().message();
  llvm::StringRef bytes = (*buffer)->getBuffer();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

} // namespace umc
