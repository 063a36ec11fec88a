//===- AttentionMaskTest.cpp - which keys each query sees -----------------===//
//
// Each expected matrix is written out by hand from the definition of the mask
// kind ('1' = visible), independent of MaskAttr::isVisible.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace umc;

namespace {

class AttentionMask : public ::testing::Test {
protected:
  AttentionMask() { context.loadDialect<UmcDialect>(); }

  /// The visibility matrix of `mask` as rows of '0'/'1'.
  std::vector<std::string> matrix(MaskAttr mask, int64_t queries,
                                  int64_t keys) {
    std::vector<std::string> rows;
    for (int64_t q = 0; q < queries; ++q) {
      std::string row;
      for (int64_t k = 0; k < keys; ++k)
        row += mask.isVisible(q, k, queries, keys) ? '1' : '0';
      rows.push_back(row);
    }
    return rows;
  }

  /// The message verifyShapes reports, or "" when it accepts the shapes.
  std::string shapeError(MaskAttr mask, int64_t queries, int64_t keys) {
    std::string message;
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
      message = d.str();
      return mlir::success();
    });
    auto loc = mlir::UnknownLoc::get(&context);
    (void)mask.verifyShapes([&] { return mlir::emitError(loc); }, queries,
                            keys);
    return message;
  }

  mlir::MLIRContext context;
};

} // namespace

TEST_F(AttentionMask, Causal) {
  auto mask = MaskAttr::get(&context, MaskKind::causal);
  EXPECT_EQ(matrix(mask, 4, 4),
            (std::vector<std::string>{"1000", "1100", "1110", "1111"}));
  // Two new queries after four cached keys sit at positions 4 and 5.
  EXPECT_EQ(matrix(mask, 2, 6),
            (std::vector<std::string>{"111110", "111111"}));
}

TEST_F(AttentionMask, Full) {
  auto mask = MaskAttr::get(&context, MaskKind::full);
  EXPECT_EQ(matrix(mask, 2, 3), (std::vector<std::string>{"111", "111"}));
}

TEST_F(AttentionMask, OmniIsCausalOverTextAndFullInsideImages) {
  // Text at 0-1, image at 2-4, text at 5.
  auto mask = MaskAttr::get(&context, MaskKind::omni, 0, {2, 5}, 0, {});
  EXPECT_EQ(matrix(mask, 6, 6),
            (std::vector<std::string>{"100000", "110000", "111110", "111110",
                                      "111110", "111111"}));
}

TEST_F(AttentionMask, SlidingWindow) {
  auto mask =
      MaskAttr::get(&context, MaskKind::sliding_window, 2, {}, 0, {});
  EXPECT_EQ(matrix(mask, 4, 4),
            (std::vector<std::string>{"1000", "1100", "0110", "0011"}));
}

TEST_F(AttentionMask, BlockSparse) {
  // Blocks of 2 over 4 keys: a 2 x 2 layout, the second row sees block 1 only.
  auto mask = MaskAttr::get(&context, MaskKind::block_sparse, 0, {}, 2,
                            {1, 0, 0, 1});
  EXPECT_EQ(matrix(mask, 4, 4),
            (std::vector<std::string>{"1100", "1100", "0011", "0011"}));
}

TEST_F(AttentionMask, ShapeChecks) {
  auto causal = MaskAttr::get(&context, MaskKind::causal);
  EXPECT_EQ(shapeError(causal, 4, 8), "");
  EXPECT_NE(shapeError(causal, 8, 4).find("at least as many keys as queries"),
            std::string::npos);
  EXPECT_EQ(shapeError(MaskAttr::get(&context, MaskKind::full), 8, 4), "");

  auto omni = MaskAttr::get(&context, MaskKind::omni, 0, {2, 9}, 0, {});
  EXPECT_NE(shapeError(omni, 8, 8).find("past the 8 keys"), std::string::npos);

  auto sparse = MaskAttr::get(&context, MaskKind::block_sparse, 0, {}, 2,
                              {1, 0, 0, 0});
  EXPECT_NE(shapeError(sparse, 4, 4).find("row 1 is all zeros"),
            std::string::npos);
  // Only the last query block matters when two queries follow two keys.
  EXPECT_NE(shapeError(sparse, 2, 4).find("row 1 is all zeros"),
            std::string::npos);
  EXPECT_NE(shapeError(sparse, 4, 6).find("need 3 x 3 = 9"), std::string::npos);
}
