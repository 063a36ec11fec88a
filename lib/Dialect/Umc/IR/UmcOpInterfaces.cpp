//===- UmcOpInterfaces.cpp - what each op answers to passes ---------------===//
//
// The ops' answers to UmcInterfaces.td: their arithmetic cost, how the
// parameters they read start and which of their indices the runtime checks.
// Gradient rules are in Gradients/, one file per family of ops.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "umc/Dialect/Umc/IR/UmcInterfaces.cpp.inc"

using namespace mlir;
using namespace umc;

static uint64_t numElements(Type type) {
  return static_cast<uint64_t>(cast<RankedTensorType>(type).getNumElements());
}

static int64_t dim(Value value, int64_t index) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getDimSize(index < 0 ? type.getRank() + index : index);
}

/// Whether `index` is the operand `value` of `op` (an optional one may be
/// absent).
static bool isOperand(Operation *op, unsigned index, Value value) {
  return value && index < op->getNumOperands() &&
         op->getOperand(index) == value;
}

//===----------------------------------------------------------------------===//
// Costs: 2 flops per multiply-add of the contraction
//===----------------------------------------------------------------------===//

uint64_t LinearOp::getFlops() {
  return 2 * numElements(getType()) * dim(getWeight(), 1);
}

uint64_t PatchEmbedOp::getFlops() {
  // Each output element is a dot product over one patch's C * P * P pixels.
  return 2 * numElements(getType()) * dim(getWeight(), 1) *
         static_cast<uint64_t>(getPatchSize() * getPatchSize());
}

uint64_t MatmulOp::getFlops() {
  return 2 * numElements(getType()) * dim(getLhs(), -1);
}

uint64_t Conv2dOp::getFlops() {
  return 2 * numElements(getType()) * dim(getWeight(), 1) *
         dim(getWeight(), 2) * dim(getWeight(), 3);
}

uint64_t AttentionOp::getFlops() {
  // scores = q k^T over the head dim, then scores v over the keys.
  uint64_t scores = dim(getQuery(), 0) * dim(getQuery(), 1) *
                    dim(getQuery(), 2) * dim(getKey(), 2);
  return 2 * scores * (dim(getQuery(), 3) + dim(getValue(), 3));
}

//===----------------------------------------------------------------------===//
// Parameter initialization
//===----------------------------------------------------------------------===//

// A weight starts at the default (a small normal); only biases are known.
std::optional<ParamInit> LinearOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getBias()))
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> PatchEmbedOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getBias()))
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> Conv2dOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getBias()))
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> LayerNormOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getScale()))
    return ParamInit::Ones;
  if (isOperand(*this, index, getBias()))
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> RmsNormOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getScale()))
    return ParamInit::Ones;
  return std::nullopt;
}

std::optional<ParamInit> GroupNormOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getScale()))
    return ParamInit::Ones;
  if (isOperand(*this, index, getBias()))
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> AttentionOp::getParamInit(unsigned index) {
  if (isOperand(*this, index, getQNormScale()) ||
      isOperand(*this, index, getKNormScale()))
    return ParamInit::Ones;
  return std::nullopt;
}

/// A vector added to (or subtracted from) activations is a bias.
static std::optional<ParamInit> biasInit(Operation *op, unsigned index) {
  if (index < op->getNumOperands() &&
      cast<RankedTensorType>(op->getOperand(index).getType()).getRank() == 1)
    return ParamInit::Zeros;
  return std::nullopt;
}

std::optional<ParamInit> AddOp::getParamInit(unsigned index) {
  return biasInit(*this, index);
}

std::optional<ParamInit> SubOp::getParamInit(unsigned index) {
  return biasInit(*this, index);
}

//===----------------------------------------------------------------------===//
// Indices the runtime checks before a dispatch
//===----------------------------------------------------------------------===//

void EmbeddingOp::getIndexRanges(SmallVectorImpl<IndexRange> &ranges) {
  int64_t rows = dim(getTable(), 0);
  ranges.push_back({getIds(), rows, "id",
                    "the table's " + std::to_string(rows) + " rows"});
}

void UpdateSliceOp::getIndexRanges(SmallVectorImpl<IndexRange> &ranges) {
  // The verifier has checked the axis.
  int64_t axis = getAxis();
  int64_t size = dim(getInput(), axis), length = dim(getUpdate(), axis);
  ranges.push_back({getOffset(), size - length + 1, "offset",
                    "[0, " + std::to_string(size - length) + "], where " +
                        std::to_string(length) + " along axis " +
                        std::to_string(axis < 0 ? axis + getType().getRank()
                                                : axis) +
                        " fit in " + std::to_string(size)});
}
