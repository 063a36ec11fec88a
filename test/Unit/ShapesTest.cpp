//===- ShapesTest.cpp - shape arithmetic of the umc ops -------------------===//
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include <gtest/gtest.h>

#include <vector>

using umc::broadcastShapes;

static std::vector<int64_t> vec(llvm::ArrayRef<int64_t> shape) {
  return {shape.begin(), shape.end()};
}

TEST(BroadcastShapes, StretchesOnesAndMissingLeadingDims) {
  EXPECT_EQ(vec(*broadcastShapes({4, 32}, {32})), (std::vector<int64_t>{4, 32}));
  EXPECT_EQ(vec(*broadcastShapes({2, 1, 8}, {3, 1})),
            (std::vector<int64_t>{2, 3, 8}));
  EXPECT_EQ(vec(*broadcastShapes({}, {5, 6})), (std::vector<int64_t>{5, 6}));
  EXPECT_EQ(vec(*broadcastShapes({1}, {1})), (std::vector<int64_t>{1}));
}

TEST(BroadcastShapes, RejectsMismatchedDims) {
  EXPECT_FALSE(broadcastShapes({4, 32}, {16}));
  EXPECT_FALSE(broadcastShapes({2, 3}, {3, 2}));
}

TEST(NormalizeAxis, AcceptsMinusRankToRankMinusOne) {
  EXPECT_EQ(*umc::normalizeAxis(-1, 3), 2);
  EXPECT_EQ(*umc::normalizeAxis(-3, 3), 0);
  EXPECT_EQ(*umc::normalizeAxis(2, 3), 2);
  EXPECT_FALSE(umc::normalizeAxis(3, 3));
  EXPECT_FALSE(umc::normalizeAxis(-4, 3));
}

TEST(ConvOutputSize, MatchesPyTorchFormula) {
  // Values from torch.nn.Conv2d documentation's formula, worked by hand.
  EXPECT_EQ(umc::convOutputSize(32, 3, 1, 1, 1), 32);
  EXPECT_EQ(umc::convOutputSize(32, 3, 2, 1, 1), 16);
  EXPECT_EQ(umc::convOutputSize(7, 3, 2, 0, 1), 3);
  EXPECT_EQ(umc::convOutputSize(10, 3, 1, 0, 2), 6);
  EXPECT_LE(umc::convOutputSize(2, 5, 1, 0, 1), 0);
}

TEST(IsPermutation, ChecksEachIndexOnce) {
  EXPECT_TRUE(umc::isPermutation({0, 1, 3, 2}));
  EXPECT_TRUE(umc::isPermutation({}));
  EXPECT_FALSE(umc::isPermutation({0, 0}));
  EXPECT_FALSE(umc::isPermutation({1, 2}));
  EXPECT_FALSE(umc::isPermutation({-1, 0}));
}

TEST(NumElements, MultipliesDims) {
  EXPECT_EQ(umc::numElements({2, 3, 4}), 24);
  EXPECT_EQ(umc::numElements({}), 1);
}
