//===- Shapes.cpp - reshape, transpose, concat and slice to linalg --------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

/// reshape: collapse to 1-D, expand to the result; both are views. A rank-0
/// side (one element) is reached in one step: every dim of the other side is
/// 1, and the reassociation is empty.
struct LowerReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  static SmallVector<ReassociationIndices> allDims(unsigned rank) {
    if (rank == 0)
      return {};
    ReassociationIndices dims;
    for (unsigned d = 0; d < rank; ++d)
      dims.push_back(d);
    return {dims};
  }

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType in = op.getInput().getType(), out = op.getType();
    Value flat = op.getInput();
    if (in == out) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    if (out.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, out, flat, SmallVector<ReassociationIndices>{});
      return success();
    }
    if (in.getRank() > 1)
      flat = tensor::CollapseShapeOp::create(rewriter, loc, flat,
                                             allDims(in.getRank()));
    if (out.getRank() == 1 && in.getRank() != 0) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, out, flat, in.getRank() == 0 ? allDims(0) : allDims(out.getRank()));
    return success();
  }
};

struct LowerTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value init = emptyTensor(rewriter, op.getLoc(), type.getShape(),
                             type.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), op.getInput(), init, op.getPermutation());
    setTileDims(transpose, type.getRank());
    rewriter.replaceOp(op, transpose->getResults());
    return success();
  }
};

/// concat: each input inserted at its offset along the axis.
struct LowerConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    // The verifier has checked the axis, so it normalizes.
    int64_t axis = *normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    Value result = emptyTensor(rewriter, loc, type.getShape(),
                               type.getElementType());
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      ArrayRef<int64_t> sizes = shapeOf(input);
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, ValueRange{}, ValueRange{},
          ValueRange{}, offsets, sizes, strides);
      offset += sizes[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// slice: a strided view of the input (tensor.extract_slice), copied by an
/// identity generic so that the kernel owns its result. Reading the input
/// through an affine map instead would make linalg infer the loop sizes from
/// the input wherever the map is a bare dimension (offset 0, stride 1), and a
/// leading chunk (`x[:, :7]`) would then disagree with the result's shape.
struct LowerSlice : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    MLIRContext *ctx = getContext();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    SmallVector<int64_t> strides(rank, 1);
    if (std::optional<ArrayRef<int64_t>> given = op.getStrides())
      strides.assign(given->begin(), given->end());
    Value view = tensor::ExtractSliceOp::create(
        rewriter, loc, type, op.getInput(), ValueRange{}, ValueRange{},
        ValueRange{}, op.getOffsets(), type.getShape(), strides);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    auto copy = generic(
        rewriter, loc, {{view, identity}},
        {{emptyTensor(rewriter, loc, type.getShape(), type.getElementType()),
          identity}},
        iterators(rank),
        [](OpBuilder &, Location, ValueRange in,
           ValueRange) -> SmallVector<Value> { return {in[0]}; });
    setTileDims(copy, rank);
    rewriter.replaceOp(op, copy.getResult(0));
    return success();
  }
};

/// update_slice: tensor.insert_slice at the clamped run-time offset.
struct LowerUpdateSlice : OpRewritePattern<UpdateSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UpdateSliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    // The verifier has checked the axis, so it normalizes.
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    ArrayRef<int64_t> updateShape = shapeOf(op.getUpdate());
    Value offset = arith::IndexCastOp::create(
        rewriter, loc, rewriter.getIndexType(),
        tensor::ExtractOp::create(rewriter, loc, op.getOffset(), ValueRange{}));
    offset = arith::MaxSIOp::create(rewriter, loc, offset,
                                    indexConstant(rewriter, loc, 0));
    offset = arith::MinSIOp::create(
        rewriter, loc, offset,
        indexConstant(rewriter, loc,
                      type.getDimSize(axis) - updateShape[axis]));
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    offsets[axis] = offset;
    SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
    for (int64_t size : updateShape)
      sizes.push_back(rewriter.getIndexAttr(size));
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, op.getUpdate(), op.getInput(), offsets, sizes, strides);
    return success();
  }
};

/// iota: each element is its index along the axis, converted to the
/// element type.
struct LowerIota : OpRewritePattern<IotaOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IotaOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    // The verifier has checked the axis, so it normalizes.
    unsigned axis =
        static_cast<unsigned>(*normalizeAxis(op.getAxis(), rank));
    Type element = computeType(type.getElementType());
    auto iota = generic(
        rewriter, op.getLoc(), {},
        {{emptyTensor(rewriter, op.getLoc(), type.getShape(),
                      type.getElementType()),
          AffineMap::getMultiDimIdentityMap(rank, getContext())}},
        iterators(rank),
        [&](OpBuilder &b, Location loc, ValueRange,
            ValueRange) -> SmallVector<Value> {
          Value index = arith::IndexCastOp::create(
              b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, axis));
          if (isa<FloatType>(element))
            return {arith::SIToFPOp::create(b, loc, element, index)};
          if (element.getIntOrFloatBitWidth() < 64)
            return {arith::TruncIOp::create(b, loc, element, index)};
          return {index};
        });
    setTileDims(iota, rank);
    rewriter.replaceOp(op, iota.getResult(0));
    return success();
  }
};

} // namespace

void umc::lowering::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReshape, LowerTranspose, LowerConcat, LowerSlice,
               LowerIota, LowerUpdateSlice>(
      patterns.getContext());
}
