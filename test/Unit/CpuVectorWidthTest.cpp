//===- CpuVectorWidthTest.cpp - kernels vectorized at the widest width ----===//
//
// LLVM's tuning for x86-64-v4 prefers 256-bit vectors; the CPU back end
// asks for 512 where the target has AVX-512, and leaves other levels to
// their own width.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Cpu/CpuBackend.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <gtest/gtest.h>

namespace {

/// The preferred vector width preferWidestVectors leaves on a function
/// of a module compiled for `cpu` ("" when none is set).
std::string preferredWidthFor(const char *cpu) {
  llvm::InitializeNativeTarget();
  llvm::Triple triple("x86_64-unknown-linux-gnu");
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  EXPECT_NE(target, nullptr) << error;
  if (!target)
    return "";
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, "", llvm::TargetOptions(), llvm::Reloc::PIC_));
  llvm::LLVMContext context;
  llvm::Module module("kernels", context);
  llvm::Function *kernel = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), false),
      llvm::GlobalValue::ExternalLinkage, "umc_kernel_0", module);
  llvm::ReturnInst::Create(context,
                           llvm::BasicBlock::Create(context, "entry", kernel));
  umc::preferWidestVectors(module, *machine);
  return kernel->getFnAttribute("prefer-vector-width").getValueAsString().str();
}

TEST(CpuVectorWidth, Avx512LevelsVectorizeAt512Bits) {
  EXPECT_EQ(preferredWidthFor("x86-64-v4"), "512");
  EXPECT_EQ(preferredWidthFor("sapphirerapids"), "512");
}

TEST(CpuVectorWidth, OtherLevelsKeepTheirOwnWidth) {
  EXPECT_EQ(preferredWidthFor("x86-64-v3"), "");
  EXPECT_EQ(preferredWidthFor("x86-64"), "");
}

} // namespace
