//===- LoweringUtils.cpp - building blocks of the umc-to-linalg lowering --===//
#include "LoweringUtils.h"

#include "umc/Codegen/Passes.h"
#include "umc/Dialect/Umc/IR/UmcAttrs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace umc::lowering {

Type computeType(Type elementType) {
  if (auto f = dyn_cast<FloatType>(elementType))
    if (f.getWidth() < 32)
      return Float32Type::get(elementType.getContext());
  return elementType;
}

Value toCompute(OpBuilder &b, Location loc, Value scalar) {
  Type target = computeType(scalar.getType());
  if (target == scalar.getType())
    return scalar;
  return arith::ExtFOp::create(b, loc, target, scalar);
}

Value fromCompute(OpBuilder &b, Location loc, Value scalar, Type type) {
  if (scalar.getType() == type)
    return scalar;
  return arith::TruncFOp::create(b, loc, type, scalar);
}

Value constant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType) {
  return tensor::EmptyOp::create(b, loc, shape, elementType);
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   Type elementType, double value) {
  Value init = emptyTensor(b, loc, shape, elementType);
  Value fill = constant(b, loc, elementType, value);
  return linalg::FillOp::create(b, loc, ValueRange{fill}, ValueRange{init})
      .getResult(0);
}

AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape) {
  unsigned rank = resultShape.size();
  unsigned lead = rank - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    bool stretched = size == 1 && resultShape[lead + i] != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(lead + i, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

static arith::FastMathFlags reductionFlags() {
  return arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
}

Value accumulate(OpBuilder &b, Location loc, Value acc, Value term) {
  return arith::AddFOp::create(b, loc, acc, term, reductionFlags());
}

Value multiplyAccumulate(OpBuilder &b, Location loc, Value acc, Value x,
                         Value y) {
  Value product = arith::MulFOp::create(b, loc, x, y,
                                        arith::FastMathFlags::contract);
  return accumulate(b, loc, acc, product);
}

Value accumulateMaximum(OpBuilder &b, Location loc, Value acc, Value x) {
  return arith::MaximumFOp::create(b, loc, acc, x, reductionFlags());
}

AffineMap dropDimMap(MLIRContext *ctx, unsigned rank, unsigned drop) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < rank; ++d)
    if (d != drop)
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

linalg::GenericOp generic(OpBuilder &b, Location loc, ArrayRef<Input> inputs,
                          ArrayRef<Input> outputs,
                          ArrayRef<utils::IteratorType> iteratorTypes,
                          BodyFn body) {
  SmallVector<Value> inputValues, outputValues;
  SmallVector<AffineMap> maps;
  SmallVector<Type> resultTypes;
  for (const Input &in : inputs) {
    inputValues.push_back(in.value);
    maps.push_back(in.map);
  }
  for (const Input &out : outputs) {
    outputValues.push_back(out.value);
    maps.push_back(out.map);
    resultTypes.push_back(out.value.getType());
  }
  return linalg::GenericOp::create(
      b, loc, resultTypes, inputValues, outputValues, maps, iteratorTypes,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> ins, outs;
        for (Value arg : args.take_front(inputs.size()))
          ins.push_back(toCompute(nested, nestedLoc, arg));
        for (Value arg : args.drop_front(inputs.size()))
          outs.push_back(toCompute(nested, nestedLoc, arg));
        SmallVector<Value> results = body(nested, nestedLoc, ins, outs);
        SmallVector<Value> yielded;
        for (auto [result, arg] :
             llvm::zip(results, args.drop_front(inputs.size())))
          yielded.push_back(fromCompute(nested, nestedLoc, result,
                                        arg.getType()));
        linalg::YieldOp::create(nested, nestedLoc, yielded);
      });
}

Value elementwise(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType, ValueRange inputs,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
  MLIRContext *ctx = b.getContext();
  SmallVector<Input> ins;
  for (Value v : inputs)
    ins.push_back({v, broadcastMap(ctx, shapeOf(v), shape)});
  Input out{emptyTensor(b, loc, shape, elementType),
            AffineMap::getMultiDimIdentityMap(shape.size(), ctx)};
  auto op = generic(b, loc, ins, {out}, iterators(shape.size()),
                    [&](OpBuilder &nb, Location nl, ValueRange args,
                        ValueRange) -> SmallVector<Value> {
                      return {fn(nb, nl, args)};
                    });
  setTileDims(op, shape.size());
  return op.getResult(0);
}

SmallVector<utils::IteratorType> iterators(unsigned rank,
                                           ArrayRef<unsigned> reduced) {
  SmallVector<utils::IteratorType> types(rank, utils::IteratorType::parallel);
  for (unsigned d : reduced)
    types[d] = utils::IteratorType::reduction;
  return types;
}

Value sumLastDim(OpBuilder &b, Location loc, Value input,
                 ArrayRef<Input> extra,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> map) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(input);
  unsigned rank = shape.size();
  Type accType = computeType(elementTypeOf(input));
  SmallVector<Input> ins{
      {input, AffineMap::getMultiDimIdentityMap(rank, ctx)}};
  ins.append(extra.begin(), extra.end());
  Input out{filledTensor(b, loc, shape.drop_back(), accType, 0.0),
            dropDimMap(ctx, rank, rank - 1)};
  return generic(b, loc, ins, {out}, iterators(rank, {rank - 1}),
                 [&](OpBuilder &nb, Location nl, ValueRange args,
                     ValueRange acc) -> SmallVector<Value> {
                   Value term = map(nb, nl, args);
                   return {accumulate(nb, nl, acc[0], term)};
                 })
      .getResult(0);
}

void setTileDims(Operation *op, int64_t count) {
  op->setAttr(attrs::kPartition, umc::PartitionAttr::get(op->getContext(), count,
                                                    /*split_columns=*/false));
}

void setSplitColumns(Operation *op) {
  auto partition = op->getAttrOfType<umc::PartitionAttr>(attrs::kPartition);
  int64_t loops = partition ? partition.getLoops() : 0;
  // Rows and columns both: without two splittable loops there are no
  // columns to split apart from rows.
  if (loops >= 2)
    op->setAttr(attrs::kPartition,
                umc::PartitionAttr::get(op->getContext(), loops,
                                   /*split_columns=*/true));
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

} // namespace umc::lowering
