//===- OpInterfacesTest.cpp - ops answer what passes ask ------------------===//
//
// The answers umc ops give through their interfaces and traits
// (UmcInterfaces.td, UmcTraits.h), checked on parsed ops against numbers
// worked out by hand.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace umc;

namespace {

class OpInterfaces : public ::testing::Test {
protected:
  OpInterfaces() {
    context.loadDialect<UmcDialect, func::FuncDialect>();
    context.getDiagEngine().registerHandler([](Diagnostic &) {});
  }

  /// The first op named `name` in `source`.
  Operation *parse(const std::string &source, StringRef name) {
    module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module) << source;
    Operation *found = nullptr;
    if (module)
      module->walk([&](Operation *op) {
        if (!found && op->getName().getStringRef() == name)
          found = op;
      });
    EXPECT_TRUE(found) << name.str();
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(OpInterfaces, ContractionsCountTheirFlops) {
  Operation *linear = parse(R"mlir(
    func.func @f(%x: tensor<3x5x7xf32>, %w: tensor<11x7xf32>) -> tensor<3x5x11xf32> {
      %y = umc.linear %x, %w : (tensor<3x5x7xf32>, tensor<11x7xf32>) -> tensor<3x5x11xf32>
      return %y : tensor<3x5x11xf32>
    })mlir", "umc.linear");
  ASSERT_TRUE(linear);
  EXPECT_EQ(cast<CostOpInterface>(linear).getFlops(), 2u * 3 * 5 * 11 * 7);

  Operation *attention = parse(R"mlir(
    func.func @f(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x10x8xf32>, %v: tensor<2x4x10x16xf32>) -> tensor<2x4x6x16xf32> {
      %y = umc.attention %q, %k, %v mask <full> : (tensor<2x4x6x8xf32>, tensor<2x4x10x8xf32>, tensor<2x4x10x16xf32>) -> tensor<2x4x6x16xf32>
      return %y : tensor<2x4x6x16xf32>
    })mlir", "umc.attention");
  ASSERT_TRUE(attention);
  // 2*4*6*10 scores, each a dot of 8 and weighting 16 values.
  EXPECT_EQ(cast<CostOpInterface>(attention).getFlops(),
            2u * (2 * 4 * 6 * 10) * (8 + 16));

  Operation *gelu = parse(R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %y = umc.gelu %x : tensor<4xf32>
      return %y : tensor<4xf32>
    })mlir", "umc.gelu");
  ASSERT_TRUE(gelu);
  EXPECT_FALSE(isa<CostOpInterface>(gelu)) << "memory-bound ops have no flops";
  EXPECT_TRUE(gelu->hasTrait<umc::OpTrait::Elementwise>());
}

TEST_F(OpInterfaces, NormsAndBiasesSayHowParametersStart) {
  Operation *norm = parse(R"mlir(
    func.func @f(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
      %y = umc.layer_norm %x scale %g bias %b : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
      return %y : tensor<2x8xf32>
    })mlir", "umc.layer_norm");
  ASSERT_TRUE(norm);
  auto init = cast<ParamInitOpInterface>(norm);
  EXPECT_EQ(init.getParamInit(0), std::nullopt);
  EXPECT_EQ(init.getParamInit(1), ParamInit::Ones);
  EXPECT_EQ(init.getParamInit(2), ParamInit::Zeros);

  Operation *linear = parse(R"mlir(
    func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
      %y = umc.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
      return %y : tensor<2x4xf32>
    })mlir", "umc.linear");
  ASSERT_TRUE(linear);
  EXPECT_EQ(cast<ParamInitOpInterface>(linear).getParamInit(1), std::nullopt);
  EXPECT_EQ(cast<ParamInitOpInterface>(linear).getParamInit(2),
            ParamInit::Zeros);
}

TEST_F(OpInterfaces, EveryOpHasAGradientSlotThatSaysWhenItIsEmpty) {
  // gelu_grad, a gradient op, has no rule (no second derivatives yet).
  Operation *gradOp = parse(R"mlir(
    func.func @f(%x: tensor<8xf32>, %dy: tensor<8xf32>) -> tensor<8xf32> {
      %y = umc.gelu_grad %x, %dy : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
      return %y : tensor<8xf32>
    })mlir",
                            "umc.gelu_grad");
  ASSERT_TRUE(gradOp);
  auto gradient = dyn_cast<GradientOpInterface>(gradOp);
  ASSERT_TRUE(gradient);
  std::string message;
  context.getDiagEngine().registerHandler(
      [&](Diagnostic &d) { message = d.str(); });
  OpBuilder builder(gradOp);
  SmallVector<Value> operandGradients;
  EXPECT_TRUE(failed(gradient.buildGradients(builder, gradOp->getResults(),
                                             operandGradients)));
  EXPECT_NE(message.find("has no gradient rule yet"), std::string::npos)
      << message;
}

TEST_F(OpInterfaces, AnOpWithARuleBuildsItsOperandsGradients) {
  Operation *exp = parse(R"mlir(
    func.func @f(%x: tensor<4xf32>, %g: tensor<4xf32>) -> tensor<4xf32> {
      %y = umc.exp %x : tensor<4xf32>
      return %y : tensor<4xf32>
    })mlir",
                         "umc.exp");
  ASSERT_TRUE(exp);
  Value seed = exp->getParentOfType<func::FuncOp>().getArgument(1);
  OpBuilder builder(exp->getBlock()->getTerminator());
  SmallVector<Value> operandGradients;
  ASSERT_TRUE(succeeded(cast<GradientOpInterface>(exp).buildGradients(
      builder, seed, operandGradients)));
  // d exp(x) = g * exp(x): a mul of the seed and the op's own result.
  ASSERT_EQ(operandGradients.size(), 1u);
  auto mul = operandGradients[0].getDefiningOp<MulOp>();
  ASSERT_TRUE(mul);
  EXPECT_EQ(mul.getLhs(), seed);
  EXPECT_EQ(mul.getRhs(), exp->getResult(0));
}

} // namespace
