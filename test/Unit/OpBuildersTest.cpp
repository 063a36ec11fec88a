//===- OpBuildersTest.cpp - building umc ops from C++ ---------------------===//
//
// Passes build ops without spelling result types; these tests check that the
// inferred types are the documented ones and that bad shapes are refused with
// a message rather than a crash.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace umc;

namespace {

class OpBuilders : public ::testing::Test {
protected:
  OpBuilders() : builder(&context) {
    context.loadDialect<UmcDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A block argument of type tensor<shape x f32> to build ops on.
  Value arg(ArrayRef<int64_t> shape) {
    if (!block) {
      auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                       builder.getFunctionType({}, {}));
      block = func.addEntryBlock();
      builder.setInsertionPointToStart(block);
    }
    return block->addArgument(RankedTensorType::get(shape, builder.getF32Type()),
                              builder.getUnknownLoc());
  }

  static std::vector<int64_t> shapeOf(Value v) {
    ArrayRef<int64_t> s = cast<RankedTensorType>(v.getType()).getShape();
    return {s.begin(), s.end()};
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  Block *block = nullptr;
};

} // namespace

TEST_F(OpBuilders, LinearInfersOutFeatures) {
  Location loc = builder.getUnknownLoc();
  Value y = LinearOp::create(builder, loc, arg({2, 8, 16}), arg({32, 16}),
                             arg({32}));
  EXPECT_EQ(shapeOf(y), (std::vector<int64_t>{2, 8, 32}));
}

TEST_F(OpBuilders, MatmulBroadcastsBatchDims) {
  Location loc = builder.getUnknownLoc();
  Value y = MatmulOp::create(builder, loc, arg({2, 1, 8, 16}),
                             arg({3, 16, 4}));
  EXPECT_EQ(shapeOf(y), (std::vector<int64_t>{2, 3, 8, 4}));
}

TEST_F(OpBuilders, AttentionTakesValueHeadDim) {
  Location loc = builder.getUnknownLoc();
  Value o = AttentionOp::create(
      builder, loc, arg({1, 4, 8, 16}), arg({1, 2, 8, 16}), arg({1, 2, 8, 24}),
      /*bias=*/Value(), /*key_padding=*/Value(), /*query_offset=*/Value(),
      /*q_norm_scale=*/Value(), /*k_norm_scale=*/Value(),
      MaskAttr::get(&context, MaskKind::causal),
      FloatAttr(), builder.getF64FloatAttr(1e-6));
  EXPECT_EQ(shapeOf(o), (std::vector<int64_t>{1, 4, 8, 24}));
  EXPECT_DOUBLE_EQ(cast<AttentionOp>(o.getDefiningOp()).getEffectiveScale(),
                   0.25);
}

TEST_F(OpBuilders, PatchifyAndConvShapes) {
  Location loc = builder.getUnknownLoc();
  Value p = PatchifyOp::create(builder, loc, arg({2, 3, 8, 12}), 4);
  EXPECT_EQ(shapeOf(p), (std::vector<int64_t>{2, 6, 48}));
  Value c = Conv2dOp::create(builder, loc, arg({1, 4, 9, 9}), arg({8, 2, 3, 3}),
                             Value(), ArrayRef<int64_t>{2, 2},
                             ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{1, 1},
                             2);
  EXPECT_EQ(shapeOf(c), (std::vector<int64_t>{1, 8, 5, 5}));
}

TEST_F(OpBuilders, BadShapesAreReportedNotCrashed) {
  Location loc = builder.getUnknownLoc();
  Value x = arg({4, 16}), w = arg({32, 8});
  // Build with an explicit (wrong) result type, then verify.
  auto op = LinearOp::create(builder, loc,
                             RankedTensorType::get({4, 32}, builder.getF32Type()),
                             x, w, Value());
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    message += d.str() + "\n";
    return success();
  });
  EXPECT_TRUE(failed(verify(op)));
  // One error, naming the shapes.
  EXPECT_EQ(message, "'umc.linear' op weight must have shape [N, 16] ([out, "
                     "in], in = the last input dim), got [32, 8]\n");
}
