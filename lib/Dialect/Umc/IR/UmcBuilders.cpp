//===- UmcBuilders.cpp - small values passes build from umc ops -----------===//
#include "umc/Dialect/Umc/IR/UmcBuilders.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

Value umc::scalarConstant(OpBuilder &b, Location loc, Type element,
                          double value) {
  auto type = RankedTensorType::get({}, element);
  Attribute attr =
      isa<FloatType>(element)
          ? Attribute(b.getFloatAttr(element, value))
          : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  return arith::ConstantOp::create(b, loc, type,
                                   DenseElementsAttr::get(type, attr));
}

Value umc::zerosOf(OpBuilder &b, Location loc, RankedTensorType type) {
  return BroadcastOp::create(
      b, loc, type, scalarConstant(b, loc, type.getElementType(), 0.0));
}
