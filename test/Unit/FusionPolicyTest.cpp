//===- FusionPolicyTest.cpp - umc-fuse driven by other policies -----------===//
//
// The fusion mechanism takes its rules from a control function: a caller
// can refuse every fusion, or allow one the default rules do not, without
// touching the pass.
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Fuse.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace umc;

namespace {

const char *kChain = R"mlir(
  func.func @f(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
    %e = umc.exp %x : tensor<8x16xf32>
    %t = umc.tanh %e : tensor<8x16xf32>
    %s = umc.softmax %t {axis = 1 : i64} : tensor<8x16xf32>
    return %s : tensor<8x16xf32>
  })mlir";

/// The rules of the fusions `control` forms in kChain.
std::vector<std::string> fusedRules(const FusionControlFn &control) {
  MLIRContext context;
  context.loadDialect<UmcDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kChain, &context);
  EXPECT_TRUE(module);
  std::vector<std::string> rules;
  if (!module)
    return rules;
  auto func = *module->getOps<func::FuncOp>().begin();
  fuse(func, control, /*remarks=*/false);
  func.walk([&](FusionOp fusion) { rules.push_back(fusion.getRule().str()); });
  return rules;
}

TEST(FusionPolicy, DefaultRulesFuseTheElementwiseChainOnly) {
  EXPECT_EQ(fusedRules(defaultFusionControl),
            std::vector<std::string>{"elementwise"});
}

TEST(FusionPolicy, APolicyThatRefusesEverythingFusesNothing) {
  auto never = [](Operation *, Operation *, unsigned, bool) {
    return FusionDecision{"", "not today"};
  };
  EXPECT_TRUE(fusedRules(never).empty());
}

TEST(FusionPolicy, APolicyMayAllowWhatTheDefaultDoesNot) {
  // Softmax after tanh is not a default rule; this policy adds it.
  auto eager = [](Operation *producer, Operation *consumer, unsigned operand,
                  bool hasContraction) {
    if (isa<SoftmaxOp>(consumer))
      return FusionDecision{"activation_softmax", ""};
    return defaultFusionControl(producer, consumer, operand, hasContraction);
  };
  EXPECT_EQ(fusedRules(eager),
            std::vector<std::string>{"elementwise+activation_softmax"});
}

} // namespace
