//===- UmcOps.cpp - the primitive ops of umc ------------------------------===//
//
// Shape rules live in one place per op, its type inference. The builders use
// it to compute result types, and the verifier runs it (reporting at the op)
// and compares the written result type with it. Its diagnostics name the op
// themselves because inference has no op to report through.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>

using namespace mlir;
using namespace umc;

namespace {

/// Emits diagnostics for one op during type inference, prefixed like the
/// verifier's ("'umc.linear' op ..."). Silent when there is no location,
/// which is how MLIR asks whether inference succeeds without reporting.
class ShapeErrors {
public:
  ShapeErrors(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  LogicalResult fail(Args &&...args) const {
    InFlightDiagnostic diag = emit();
    (diag << ... << std::forward<Args>(args));
    return diag;
  }

  /// An open diagnostic, for helpers that take an emitter (MaskAttr). It is
  /// inactive, and drops what is streamed into it, when not reporting.
  InFlightDiagnostic emit() const {
    if (!loc)
      return InFlightDiagnostic();
    InFlightDiagnostic diag = mlir::emitError(*loc);
    diag << "'" << opName << "' op ";
    return diag;
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};

} // namespace

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// Checks that `operand` (named `name`) has the element type of `reference`.
static LogicalResult checkSameElementType(const ShapeErrors &errors,
                                          StringRef name, Value operand,
                                          Value reference) {
  Type expected = tensorType(reference).getElementType();
  Type actual = tensorType(operand).getElementType();
  if (actual == expected)
    return success();
  return errors.fail(name, " has element type ", actual, " but the input has ",
                     expected);
}

/// Checks an optional per-feature vector (scale, bias): shape [size] and the
/// input's element type.
static LogicalResult checkVector(const ShapeErrors &errors, StringRef name,
                                 Value vector, int64_t size, StringRef what,
                                 Value input) {
  if (!vector)
    return success();
  ArrayRef<int64_t> shape = tensorType(vector).getShape();
  if (shape.size() != 1 || shape[0] != size)
    return errors.fail(name, " must have shape [", size, "] (", what,
                       "), got ", shapeString(shape));
  return checkSameElementType(errors, name, vector, input);
}

/// `axis` in [-rank, rank) as a dimension index, or an error that names it.
static FailureOr<int64_t> checkedAxis(const ShapeErrors &errors, int64_t axis,
                                      int64_t rank) {
  if (std::optional<int64_t> dim = normalizeAxis(axis, rank))
    return *dim;
  return errors.fail("axis ", axis, " is out of range for rank ", rank,
                     " (expected -", rank, " <= axis < ", rank, ")");
}

/// Checks that the optional `value` (named `name`) is a rank-0 tensor: the
/// run-time scalars (offsets, seeds, times) that ops take as operands.
static LogicalResult checkScalar(const ShapeErrors &errors, StringRef name,
                                 Value value) {
  if (!value || tensorType(value).getRank() == 0)
    return success();
  return errors.fail(name, " must be a scalar tensor (rank 0), got ",
                     shapeString(tensorType(value).getShape()));
}

/// The verifier of every op with inferred result types: the shape rules of
/// its inference, then the written result type against the inferred one.
template <typename OpTy>
static LogicalResult verifyInferredResultType(OpTy op) {
  SmallVector<Type, 1> inferred;
  if (failed(OpTy::inferReturnTypes(
          op.getContext(), op.getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), inferred)))
    return failure();
  if (inferred.front() != op.getType())
    return op.emitOpError("result type ")
           << op.getType() << " does not match the operands; expected "
           << inferred.front();
  return success();
}

#define UMC_VERIFY_INFERRED(OP)                                                \
  LogicalResult OP::verify() { return verifyInferredResultType(*this); }
UMC_VERIFY_INFERRED(AddOp)
UMC_VERIFY_INFERRED(SubOp)
UMC_VERIFY_INFERRED(MulOp)
UMC_VERIFY_INFERRED(DivOp)
UMC_VERIFY_INFERRED(MaximumOp)
UMC_VERIFY_INFERRED(MinimumOp)
UMC_VERIFY_INFERRED(WhereOp)
UMC_VERIFY_INFERRED(GeluGradOp)
UMC_VERIFY_INFERRED(CompareOp)
UMC_VERIFY_INFERRED(SumOp)
UMC_VERIFY_INFERRED(MeanOp)
UMC_VERIFY_INFERRED(MaxOp)
UMC_VERIFY_INFERRED(LinearOp)
UMC_VERIFY_INFERRED(MatmulOp)
UMC_VERIFY_INFERRED(EmbeddingOp)
UMC_VERIFY_INFERRED(LayerNormOp)
UMC_VERIFY_INFERRED(RmsNormOp)
UMC_VERIFY_INFERRED(GroupNormOp)
UMC_VERIFY_INFERRED(RopeOp)
UMC_VERIFY_INFERRED(AttentionOp)
UMC_VERIFY_INFERRED(TransposeOp)
UMC_VERIFY_INFERRED(ConcatOp)
UMC_VERIFY_INFERRED(SliceOp)
UMC_VERIFY_INFERRED(UpdateSliceOp)
UMC_VERIFY_INFERRED(Conv2dOp)
UMC_VERIFY_INFERRED(PatchifyOp)
UMC_VERIFY_INFERRED(TimestepEmbedOp)
UMC_VERIFY_INFERRED(ModulateOp)
UMC_VERIFY_INFERRED(PatchEmbedOp)
UMC_VERIFY_INFERRED(GatedAddOp)
UMC_VERIFY_INFERRED(DiffusionStepOp)
UMC_VERIFY_INFERRED(MoeOp)
UMC_VERIFY_INFERRED(VqQuantizeOp)
UMC_VERIFY_INFERRED(VqLookupOp)
UMC_VERIFY_INFERRED(UnmaskOp)
UMC_VERIFY_INFERRED(CrossEntropyOp)
UMC_VERIFY_INFERRED(MseLossOp)
UMC_VERIFY_INFERRED(InfoNceOp)
UMC_VERIFY_INFERRED(WeightedSumOp)
#undef UMC_VERIFY_INFERRED

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferBroadcast(const ShapeErrors &errors, Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  RankedTensorType lhs = tensorType(adaptor.getLhs());
  RankedTensorType rhs = tensorType(adaptor.getRhs());
  if (lhs.getElementType() != rhs.getElementType())
    return errors.fail("operands have different element types: ",
                       lhs.getElementType(), " and ", rhs.getElementType());
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return errors.fail("operand shapes ", shapeString(lhs.getShape()), " and ",
                       shapeString(rhs.getShape()), " do not broadcast");
  types.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}

#define UMC_BROADCAST_INFERENCE(OP)                                            \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> loc,\
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBroadcast(ShapeErrors(loc, getOperationName()), adaptor,       \
                          types);                                              \
  }
UMC_BROADCAST_INFERENCE(AddOp)
UMC_BROADCAST_INFERENCE(SubOp)
UMC_BROADCAST_INFERENCE(MulOp)
UMC_BROADCAST_INFERENCE(DivOp)
UMC_BROADCAST_INFERENCE(MaximumOp)
UMC_BROADCAST_INFERENCE(MinimumOp)
#undef UMC_BROADCAST_INFERENCE

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType cond = tensorType(adaptor.getCondition());
  RankedTensorType lhs = tensorType(adaptor.getLhs());
  RankedTensorType rhs = tensorType(adaptor.getRhs());
  if (lhs.getElementType() != rhs.getElementType())
    return errors.fail("lhs and rhs have different element types: ",
                       lhs.getElementType(), " and ", rhs.getElementType());
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (shape)
    shape = broadcastShapes(cond.getShape(), *shape);
  if (!shape)
    return errors.fail("condition, lhs and rhs shapes ",
                       shapeString(cond.getShape()), ", ",
                       shapeString(lhs.getShape()), " and ",
                       shapeString(rhs.getShape()), " do not broadcast");
  types.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  if (failed(
          inferBroadcast(ShapeErrors(loc, getOperationName()), adaptor, types)))
    return failure();
  types.back() =
      cast<RankedTensorType>(types.back()).clone(IntegerType::get(ctx, 8));
  return success();
}

LogicalResult GeluGradOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType input = tensorType(adaptor.getInput());
  if (tensorType(adaptor.getGrad()) != input)
    return errors.fail("grad ", tensorType(adaptor.getGrad()),
                       " must have the input's type ", input);
  types.push_back(input);
  return success();
}

LogicalResult BroadcastOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("result element type ")
           << out.getElementType() << " differs from the input's "
           << in.getElementType();
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(in.getShape(), out.getShape());
  if (!shape || ArrayRef<int64_t>(*shape) != out.getShape())
    return emitOpError("input shape ")
           << shapeString(in.getShape()) << " does not broadcast to "
           << shapeString(out.getShape());
  return success();
}

/// Checks `axis` against `rank` and returns the shape without it (or with it
/// as 1 when `keepDim`).
static FailureOr<SmallVector<int64_t>>
reducedShape(const ShapeErrors &errors, ArrayRef<int64_t> shape, int64_t axis,
             bool keepDim) {
  FailureOr<int64_t> dim = checkedAxis(errors, axis, shape.size());
  if (failed(dim))
    return failure();
  SmallVector<int64_t> reduced(shape);
  if (keepDim)
    reduced[*dim] = 1;
  else
    reduced.erase(reduced.begin() + *dim);
  return reduced;
}

#define UMC_REDUCTION_INFERENCE(OP)                                            \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> loc,\
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    RankedTensorType type = tensorType(adaptor.getInput());                    \
    FailureOr<SmallVector<int64_t>> shape =                                    \
        reducedShape(ShapeErrors(loc, getOperationName()), type.getShape(),    \
                     adaptor.getAxis(), adaptor.getKeepDim());                 \
    if (failed(shape))                                                         \
      return failure();                                                        \
    types.push_back(RankedTensorType::get(*shape, type.getElementType()));     \
    return success();                                                          \
  }
UMC_REDUCTION_INFERENCE(SumOp)
UMC_REDUCTION_INFERENCE(MeanOp)
UMC_REDUCTION_INFERENCE(MaxOp)
#undef UMC_REDUCTION_INFERENCE

LogicalResult ArgmaxOp::verify() {
  ShapeErrors errors(getLoc(), getOperationName());
  FailureOr<SmallVector<int64_t>> shape = reducedShape(
      errors, getInput().getType().getShape(), getAxis(), getKeepDim());
  if (failed(shape))
    return failure();
  if (getType().getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError("result shape ")
           << shapeString(getType().getShape())
           << " does not match the input; expected " << shapeString(*shape);
  return success();
}

LogicalResult IotaOp::verify() {
  return checkedAxis(ShapeErrors(getLoc(), getOperationName()), getAxis(),
                     getType().getRank());
}

LogicalResult SoftmaxOp::verify() {
  return checkedAxis(ShapeErrors(getLoc(), getOperationName()), getAxis(),
                     getType().getRank());
}

//===----------------------------------------------------------------------===//
// Contractions and lookups
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType input = tensorType(adaptor.getInput());
  RankedTensorType weight = tensorType(adaptor.getWeight());
  if (input.getRank() < 1)
    return errors.fail("input must have rank >= 1, got a scalar tensor");
  int64_t k = input.getShape().back();
  if (weight.getRank() != 2 || weight.getDimSize(1) != k)
    return errors.fail("weight must have shape [N, ", k,
                       "] ([out, in], in = the last input dim), got ",
                       shapeString(weight.getShape()));
  int64_t n = weight.getDimSize(0);
  if (failed(checkSameElementType(errors, "weight", adaptor.getWeight(),
                                  adaptor.getInput())) ||
      failed(checkVector(errors, "bias", adaptor.getBias(), n,
                         "the weight's out dim", adaptor.getInput())))
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  shape.back() = n;
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType lhs = tensorType(adaptor.getLhs());
  RankedTensorType rhs = tensorType(adaptor.getRhs());
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return errors.fail("operands must have rank >= 2, got ",
                       shapeString(lhs.getShape()), " and ",
                       shapeString(rhs.getShape()));
  if (failed(checkSameElementType(errors, "rhs", adaptor.getRhs(),
                                  adaptor.getLhs())))
    return failure();
  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape();
  if (l.back() != r[r.size() - 2])
    return errors.fail("contracted dims differ: lhs ", shapeString(l),
                       " has K = ", l.back(), " but rhs ", shapeString(r),
                       " has K = ", r[r.size() - 2]);
  std::optional<SmallVector<int64_t>> batch =
      broadcastShapes(l.drop_back(2), r.drop_back(2));
  if (!batch)
    return errors.fail("batch dims ", shapeString(l.drop_back(2)), " and ",
                       shapeString(r.drop_back(2)), " do not broadcast");
  batch->push_back(l[l.size() - 2]);
  batch->push_back(r.back());
  types.push_back(RankedTensorType::get(*batch, lhs.getElementType()));
  return success();
}

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType table = tensorType(adaptor.getTable());
  if (table.getRank() != 2)
    return errors.fail("table must have shape [vocab, dim], got ",
                       shapeString(table.getShape()));
  SmallVector<int64_t> shape(tensorType(adaptor.getIds()).getShape());
  shape.push_back(table.getDimSize(1));
  types.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

/// Norms over the last dim: the result has the input's type, and the optional
/// scale and bias are [D].
static LogicalResult inferLastDimNorm(const ShapeErrors &errors, Value input,
                                      Value scale, Value bias,
                                      SmallVectorImpl<Type> &types) {
  RankedTensorType type = tensorType(input);
  if (type.getRank() < 1)
    return errors.fail("input must have rank >= 1, got a scalar tensor");
  int64_t d = type.getShape().back();
  if (failed(checkVector(errors, "scale", scale, d, "the last input dim",
                         input)) ||
      failed(checkVector(errors, "bias", bias, d, "the last input dim", input)))
    return failure();
  types.push_back(type);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferLastDimNorm(ShapeErrors(loc, getOperationName()),
                          adaptor.getInput(), adaptor.getScale(),
                          adaptor.getBias(), types);
}

LogicalResult RmsNormOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferLastDimNorm(ShapeErrors(loc, getOperationName()),
                          adaptor.getInput(), adaptor.getScale(), Value(),
                          types);
}

LogicalResult GroupNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  if (type.getRank() < 2)
    return errors.fail("input must be [N, C, ...] (rank >= 2), got ",
                       shapeString(type.getShape()));
  int64_t channels = type.getDimSize(1);
  int64_t groups = adaptor.getGroups();
  if (groups < 1 || channels % groups != 0)
    return errors.fail(channels, " channels do not split into ", groups,
                       " groups");
  if (failed(checkVector(errors, "scale", adaptor.getScale(), channels,
                         "the channel dim", adaptor.getInput())) ||
      failed(checkVector(errors, "bias", adaptor.getBias(), channels,
                         "the channel dim", adaptor.getInput())))
    return failure();
  types.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// Positions and attention
//===----------------------------------------------------------------------===//

LogicalResult RopeOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.size() < 2)
    return errors.fail("input must be [..., S, D] (rank >= 2), got ",
                       shapeString(shape));
  if (shape.back() % 2 != 0)
    return errors.fail("head dim D = ", shape.back(),
                       " must be even (rope rotates pairs)");
  ArrayRef<int64_t> positions = tensorType(adaptor.getPositions()).getShape();
  int64_t seq = shape[shape.size() - 2];
  bool shared = positions.size() == 1 && positions[0] == seq;
  bool perSample = positions.size() == 2 && shape.size() >= 3 &&
                   positions[0] == shape[0] && positions[1] == seq;
  if (!shared && !perSample)
    return errors.fail("positions must have shape [", seq, "] or [",
                       shape.size() >= 3 ? std::to_string(shape[0]) : "B",
                       ", ", seq,
                       "] (the sequence dim of the input, optionally per "
                       "sample of its first dim), got ",
                       shapeString(positions));
  types.push_back(type);
  return success();
}

namespace {
/// The operands of an attention (umc.attention, or the forward that
/// umc.attention_grad differentiates); absent optional ones are null.
struct AttentionOperands {
  Value query, key, value, bias, keyPadding, queryOffset, qNormScale,
      kNormScale;
  MaskAttr mask;
};
} // namespace

/// The shape rules of attention; the type of its result.
static FailureOr<RankedTensorType>
inferAttentionType(const ShapeErrors &errors,
                   const AttentionOperands &adaptor) {
  ArrayRef<int64_t> q = tensorType(adaptor.query).getShape();
  ArrayRef<int64_t> k = tensorType(adaptor.key).getShape();
  ArrayRef<int64_t> v = tensorType(adaptor.value).getShape();
  if (q.size() != 4 || k.size() != 4 || v.size() != 4)
    return errors.fail("query, key and value must be [B, H, S, D], got ",
                       shapeString(q), ", ", shapeString(k), " and ",
                       shapeString(v));
  if (k[0] != q[0] || v[0] != q[0])
    return errors.fail("batch sizes differ: query ", q[0], ", key ", k[0],
                       ", value ", v[0]);
  if (k[1] != v[1])
    return errors.fail("key and value have different head counts: ", k[1],
                       " and ", v[1]);
  if (q[1] % k[1] != 0)
    return errors.fail("query heads (", q[1],
                       ") must be a multiple of key/value heads (", k[1], ")");
  if (k[2] != v[2])
    return errors.fail("key and value have different lengths: ", k[2], " and ",
                       v[2]);
  if (k[3] != q[3])
    return errors.fail("query and key head dims differ: ", q[3], " and ",
                       k[3]);
  if (failed(checkSameElementType(errors, "key", adaptor.key, adaptor.query)) ||
      failed(
          checkSameElementType(errors, "value", adaptor.value, adaptor.query)))
    return failure();

  Value gq = adaptor.qNormScale, gk = adaptor.kNormScale;
  if (static_cast<bool>(gq) != static_cast<bool>(gk))
    return errors.fail("qk_norm needs both the query and the key scale");
  if (failed(checkVector(errors, "query norm scale", gq, q[3], "the head dim",
                         adaptor.query)) ||
      failed(checkVector(errors, "key norm scale", gk, q[3], "the head dim",
                         adaptor.query)))
    return failure();

  SmallVector<int64_t> scoreShape{q[0], q[1], q[2], k[2]};
  if (Value bias = adaptor.bias) {
    ArrayRef<int64_t> shape = tensorType(bias).getShape();
    std::optional<SmallVector<int64_t>> broadcast =
        broadcastShapes(shape, scoreShape);
    if (!broadcast || ArrayRef<int64_t>(*broadcast) != ArrayRef(scoreShape))
      return errors.fail("bias of shape ", shapeString(shape),
                         " does not broadcast to the scores ",
                         shapeString(scoreShape), " ([B, H, S, T])");
    if (failed(checkSameElementType(errors, "bias", bias, adaptor.query)))
      return failure();
  }
  if (Value padding = adaptor.keyPadding) {
    ArrayRef<int64_t> shape = tensorType(padding).getShape();
    if (shape.size() != 2 || shape[0] != q[0] || shape[1] != k[2])
      return errors.fail("key_padding must have shape [", q[0], ", ", k[2],
                         "] ([B, T]), got ", shapeString(shape));
  }
  if (failed(checkScalar(errors, "query_offset", adaptor.queryOffset)))
    return failure();

  // Where each query sits is known here only without a run-time offset; and
  // with one (or with padding) a query that sees nothing gets a zero row.
  bool fixedPositions = !adaptor.keyPadding && !adaptor.queryOffset;
  if (failed(adaptor.mask.verifyShapes([&] { return errors.emit(); }, q[2],
                                       k[2], fixedPositions)))
    return failure();

  return RankedTensorType::get({q[0], q[1], q[2], v[3]},
                               tensorType(adaptor.query).getElementType());
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type = inferAttentionType(
      ShapeErrors(loc, getOperationName()),
      {adaptor.getQuery(), adaptor.getKey(), adaptor.getValue(),
       adaptor.getBias(), adaptor.getKeyPadding(), adaptor.getQueryOffset(),
       adaptor.getQNormScale(), adaptor.getKNormScale(), adaptor.getMask()});
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

/// The scale attention applies to q.k: `scale`, or 1 / sqrt(D) without it.
static double effectiveScale(FloatAttr scale, Value query) {
  if (scale)
    return scale.getValueAsDouble();
  return 1.0 / std::sqrt(static_cast<double>(
                   cast<RankedTensorType>(query.getType()).getDimSize(3)));
}

double AttentionOp::getEffectiveScale() {
  return effectiveScale(getScaleAttr(), getQuery());
}

LogicalResult AttentionGradOp::verify() {
  FailureOr<RankedTensorType> forward = inferAttentionType(
      ShapeErrors(getLoc(), getOperationName()),
      {getQuery(), getKey(), getValue(), getBias(), getKeyPadding(),
       getQueryOffset(), Value(), Value(), getMask()});
  if (failed(forward))
    return failure();
  if (getOutput().getType() != *forward)
    return emitOpError("output must be the attention's result ")
           << *forward << ", got " << getOutput().getType();
  if (getOutputGrad().getType() != *forward)
    return emitOpError("output_grad must have the attention's result type ")
           << *forward << ", got " << getOutputGrad().getType();
  // Key and value gradients come per query head: [B, H, T, D].
  RankedTensorType query = getQuery().getType();
  RankedTensorType operand = getWrt() == AttentionOperand::query ? query
                             : getWrt() == AttentionOperand::key
                                 ? getKey().getType()
                                 : getValue().getType();
  RankedTensorType expected =
      operand.clone({query.getDimSize(0), query.getDimSize(1),
                     operand.getDimSize(2), operand.getDimSize(3)});
  if (getType() != expected)
    return emitOpError("result type ")
           << getType() << " must be " << expected << ", the "
           << stringifyAttentionOperand(getWrt())
           << "'s shape with the query's heads";
  return success();
}

double AttentionGradOp::getEffectiveScale() {
  return effectiveScale(getScaleAttr(), getQuery());
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("changes the element type from ")
           << in.getElementType() << " to " << out.getElementType();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << shapeString(in.getShape()) << " (" << in.getNumElements()
           << " elements) to " << shapeString(out.getShape()) << " ("
           << out.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) reads the elements of x in the same order.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  if (static_cast<int64_t>(perm.size()) != type.getRank() ||
      !isPermutation(perm))
    return errors.fail("permutation ", shapeString(perm),
                       " is not a permutation of the ", type.getRank(),
                       " input dims");
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x, inner), outer): result dim j is inner dim outer[j],
  // which is x dim inner[outer[j]].
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(innerPerm[p]);
    getInputMutable().assign(inner.getInput());
    setPermutation(composed);
    return getResult();
  }
  return {};
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return errors.fail("needs at least one input");
  RankedTensorType first = tensorType(inputs[0]);
  FailureOr<int64_t> axis =
      checkedAxis(errors, adaptor.getAxis(), first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, input] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = tensorType(input);
    if (type.getElementType() != first.getElementType())
      return errors.fail("input ", i + 1, " has element type ",
                         type.getElementType(), " but input 0 has ",
                         first.getElementType());
    bool sameOtherDims = type.getRank() == first.getRank();
    for (int64_t d = 0; sameOtherDims && d < type.getRank(); ++d)
      sameOtherDims = d == *axis || type.getDimSize(d) == first.getDimSize(d);
    if (!sameOtherDims)
      return errors.fail("input ", i + 1, " has shape ",
                         shapeString(type.getShape()), ", which does not match ",
                         shapeString(first.getShape()),
                         " outside the concatenation axis ", *axis);
    shape[*axis] += type.getDimSize(*axis);
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  int64_t rank = type.getRank();
  ArrayRef<int64_t> offsets = adaptor.getOffsets();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  SmallVector<int64_t> strides(rank, 1);
  if (std::optional<ArrayRef<int64_t>> given = adaptor.getStrides())
    strides.assign(given->begin(), given->end());
  if (static_cast<int64_t>(offsets.size()) != rank ||
      static_cast<int64_t>(sizes.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return errors.fail("offsets, sizes and strides need one entry per input "
                       "dim (",
                       rank, "), got ", offsets.size(), ", ", sizes.size(),
                       " and ", strides.size());
  for (int64_t d = 0; d < rank; ++d) {
    if (offsets[d] < 0 || sizes[d] < 1 || strides[d] < 1)
      return errors.fail("dim ", d, ": needs offset >= 0, size >= 1 and "
                         "stride >= 1, got offset ",
                         offsets[d], ", size ", sizes[d], ", stride ",
                         strides[d]);
    int64_t last = offsets[d] + (sizes[d] - 1) * strides[d];
    if (last >= type.getDimSize(d))
      return errors.fail("dim ", d, ": reads index ", last,
                         " but the input has only ", type.getDimSize(d));
  }
  types.push_back(RankedTensorType::get(sizes, type.getElementType()));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  // A slice that reads every element in order is the input itself.
  bool unitStrides = !getStrides() || llvm::all_of(*getStrides(), [](int64_t s) {
    return s == 1;
  });
  if (unitStrides && getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult UpdateSliceOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType input = tensorType(adaptor.getInput());
  RankedTensorType update = tensorType(adaptor.getUpdate());
  int64_t rank = input.getRank();
  FailureOr<int64_t> axis = checkedAxis(errors, adaptor.getAxis(), rank);
  if (failed(axis))
    return failure();
  if (update.getElementType() != input.getElementType())
    return errors.fail("update has element type ", update.getElementType(),
                       " but the input has ", input.getElementType());
  bool fits = update.getRank() == rank;
  for (int64_t d = 0; fits && d < rank; ++d)
    fits = d == *axis ? update.getDimSize(d) <= input.getDimSize(d)
                      : update.getDimSize(d) == input.getDimSize(d);
  if (!fits)
    return errors.fail("update of shape ", shapeString(update.getShape()),
                       " does not fit the input ",
                       shapeString(input.getShape()), " along axis ", *axis,
                       " (other dims must be equal)");
  if (failed(checkScalar(errors, "offset", adaptor.getOffset())))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult SplitOp::verify() {
  RankedTensorType type = getInput().getType();
  int64_t rank = type.getRank();
  FailureOr<int64_t> axis =
      checkedAxis(ShapeErrors(getLoc(), getOperationName()), getAxis(), rank);
  if (failed(axis))
    return failure();
  if (getResults().empty())
    return emitOpError("needs at least one result");
  int64_t total = 0;
  for (auto [i, result] : llvm::enumerate(getResults())) {
    auto piece = cast<RankedTensorType>(result.getType());
    bool sameOtherDims = piece.getRank() == rank &&
                         piece.getElementType() == type.getElementType();
    for (int64_t d = 0; sameOtherDims && d < rank; ++d)
      sameOtherDims = d == *axis || piece.getDimSize(d) == type.getDimSize(d);
    if (!sameOtherDims)
      return emitOpError("result ")
             << i << " has type " << piece << ", which does not match the input "
             << type << " outside the split axis " << *axis;
    total += piece.getDimSize(*axis);
  }
  if (total != type.getDimSize(*axis))
    return emitOpError("pieces add up to ")
           << total << " along axis " << *axis << " but the input has "
           << type.getDimSize(*axis);
  return success();
}

//===----------------------------------------------------------------------===//
// Images
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  ArrayRef<int64_t> x = tensorType(adaptor.getInput()).getShape();
  ArrayRef<int64_t> w = tensorType(adaptor.getWeight()).getShape();
  if (x.size() != 4)
    return errors.fail("input must be [N, C, H, W], got ", shapeString(x));
  if (w.size() != 4)
    return errors.fail("weight must be [O, C / groups, KH, KW], got ",
                       shapeString(w));
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> dilation = adaptor.getDilation();
  if (strides.size() != 2 || padding.size() != 2 || dilation.size() != 2)
    return errors.fail("strides, padding and dilation must be [h, w] pairs");
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilation, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(padding, [](int64_t s) { return s < 0; }))
    return errors.fail("strides and dilation must be >= 1 and padding >= 0, "
                       "got strides ",
                       shapeString(strides), ", padding ",
                       shapeString(padding), ", dilation ",
                       shapeString(dilation));
  int64_t groups = adaptor.getGroups();
  if (x[1] % groups != 0 || w[0] % groups != 0)
    return errors.fail("input channels (", x[1], ") and output channels (",
                       w[0], ") must both divide by groups (", groups, ")");
  if (w[1] != x[1] / groups)
    return errors.fail("weight must have ", x[1] / groups,
                       " input channels (C / groups) at dim 1, got ",
                       shapeString(w));
  if (failed(checkSameElementType(errors, "weight", adaptor.getWeight(),
                                  adaptor.getInput())) ||
      failed(checkVector(errors, "bias", adaptor.getBias(), w[0],
                         "the output channels", adaptor.getInput())))
    return failure();
  int64_t ho = convOutputSize(x[2], w[2], strides[0], padding[0], dilation[0]);
  int64_t wo = convOutputSize(x[3], w[3], strides[1], padding[1], dilation[1]);
  if (ho < 1 || wo < 1)
    return errors.fail("kernel ", w[2], "x", w[3], " (dilated by ",
                       shapeString(dilation), ") does not fit the padded ",
                       x[2], "x", x[3], " input");
  types.push_back(RankedTensorType::get(
      {x[0], w[0], ho, wo}, tensorType(adaptor.getInput()).getElementType()));
  return success();
}

LogicalResult PatchifyOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> x = type.getShape();
  int64_t p = adaptor.getPatchSize();
  if (x.size() != 4)
    return errors.fail("input must be [N, C, H, W], got ", shapeString(x));
  if (p < 1 || x[2] % p != 0 || x[3] % p != 0)
    return errors.fail("image ", x[2], "x", x[3],
                       " does not divide into patches of ", p, "x", p);
  types.push_back(RankedTensorType::get(
      {x[0], (x[2] / p) * (x[3] / p), x[1] * p * p}, type.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Sampling
//===----------------------------------------------------------------------===//

LogicalResult SampleOp::verify() {
  ArrayRef<int64_t> logits = getLogits().getType().getShape();
  if (logits.size() != 2)
    return emitOpError("logits must be [B, V], got ") << shapeString(logits);
  if (getType().getShape() != logits.take_front())
    return emitOpError("result must have shape [")
           << logits[0] << "] (one token per row), got "
           << shapeString(getType().getShape());
  ShapeErrors errors(getLoc(), getOperationName());
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"seed", getSeed()},
        {"counter", getCounter()},
        {"temperature", getTemperature()},
        {"top_k", getTopK()},
        {"top_p", getTopP()}})
    if (failed(checkScalar(errors, name, value)))
      return failure();
  return success();
}

LogicalResult RandomNormalOp::verify() {
  ShapeErrors errors(getLoc(), getOperationName());
  if (failed(checkScalar(errors, "seed", getSeed())) ||
      failed(checkScalar(errors, "counter", getCounter())))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Multimodal blocks
//===----------------------------------------------------------------------===//

/// Checks that operand `value` (named `name`, `what` it is) has shape
/// `expected` and `input`'s element type.
static LogicalResult checkOperandShape(const ShapeErrors &errors,
                                       StringRef name, Value value,
                                       ArrayRef<int64_t> expected,
                                       StringRef what, Value input) {
  ArrayRef<int64_t> shape = tensorType(value).getShape();
  if (shape != expected)
    return errors.fail(name, " must have shape ", shapeString(expected), " (",
                       what, "), got ", shapeString(shape));
  return checkSameElementType(errors, name, value, input);
}

/// Checks that `input` is a sequence [B, S, D] and that each of `perSample`
/// (a name and a value) is [B, D] of the input's element type (adaLN
/// shifts, scales and gates).
static LogicalResult
checkSequenceWithPerSample(const ShapeErrors &errors, Value input,
                           ArrayRef<std::pair<StringRef, Value>> perSample) {
  ArrayRef<int64_t> x = tensorType(input).getShape();
  if (x.size() != 3)
    return errors.fail("input must be [B, S, D], got ", shapeString(x));
  for (auto [name, value] : perSample)
    if (failed(checkOperandShape(errors, name, value, {x[0], x[2]}, "[B, D]",
                                 input)))
      return failure();
  return success();
}

LogicalResult ArBlockOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  Value input = adaptor.getInput();
  RankedTensorType type = tensorType(input);
  ArrayRef<int64_t> x = type.getShape();
  if (x.size() != 3)
    return errors.fail("input must be [B, S, E], got ", shapeString(x));
  int64_t batch = x[0], seq = x[1], embed = x[2];
  int64_t heads = adaptor.getHeads(), kvHeads = adaptor.getKvHeads();
  if (heads < 1 || kvHeads < 1 || embed % heads != 0 || heads % kvHeads != 0)
    return errors.fail("heads = ", heads, " must divide the model dim ", embed,
                       ", and kv_heads = ", kvHeads, " must divide heads");
  int64_t headDim = embed / heads;
  bool layerNorm = adaptor.getNorm() == NormKind::layer_norm;
  if (!layerNorm && (adaptor.getAttnNormBias() || adaptor.getMlpNormBias()))
    return errors.fail("rms_norm has no bias; use norm = layer_norm");
  if (failed(checkVector(errors, "attn_norm scale", adaptor.getAttnNormScale(),
                         embed, "the model dim", input)) ||
      failed(checkVector(errors, "attn_norm bias", adaptor.getAttnNormBias(),
                         embed, "the model dim", input)) ||
      failed(checkVector(errors, "mlp_norm scale", adaptor.getMlpNormScale(),
                         embed, "the model dim", input)) ||
      failed(checkVector(errors, "mlp_norm bias", adaptor.getMlpNormBias(),
                         embed, "the model dim", input)) ||
      failed(checkOperandShape(errors, "Wq", adaptor.getWq(),
                               {heads * headDim, embed}, "[heads * Dh, E]",
                               input)) ||
      failed(checkOperandShape(errors, "Wk", adaptor.getWk(),
                               {kvHeads * headDim, embed}, "[kv_heads * Dh, E]",
                               input)) ||
      failed(checkOperandShape(errors, "Wv", adaptor.getWv(),
                               {kvHeads * headDim, embed}, "[kv_heads * Dh, E]",
                               input)) ||
      failed(checkOperandShape(errors, "Wo", adaptor.getWo(),
                               {embed, heads * headDim}, "[E, heads * Dh]",
                               input)))
    return failure();

  Value gq = adaptor.getQNormScale(), gk = adaptor.getKNormScale();
  if (static_cast<bool>(gq) != static_cast<bool>(gk))
    return errors.fail("qk_norm needs both the query and the key scale");
  if (failed(checkVector(errors, "query norm scale", gq, headDim,
                         "the head dim", input)) ||
      failed(checkVector(errors, "key norm scale", gk, headDim, "the head dim",
                         input)))
    return failure();

  ArrayRef<int64_t> w1 = tensorType(adaptor.getW1()).getShape();
  if (w1.size() != 2 || w1[1] != embed)
    return errors.fail("W1 must have shape [F, ", embed,
                       "] ([hidden, E]), got ", shapeString(w1));
  int64_t hidden = w1[0];
  bool swiglu = adaptor.getMlp() == MlpKind::swiglu;
  if (swiglu != static_cast<bool>(adaptor.getW3()))
    return errors.fail(swiglu ? "mlp = swiglu needs W3 (the up projection)"
                              : "mlp = gelu takes W1 and W2 only");
  if (failed(checkOperandShape(errors, "W1", adaptor.getW1(), {hidden, embed},
                               "[F, E]", input)) ||
      failed(checkOperandShape(errors, "W2", adaptor.getW2(), {embed, hidden},
                               "[E, F]", input)) ||
      (swiglu && failed(checkOperandShape(errors, "W3", adaptor.getW3(),
                                          {hidden, embed}, "[F, E]", input))))
    return failure();

  if (adaptor.getRopeThetaAttr()) {
    if (!adaptor.getPositions())
      return errors.fail("rope_theta needs positions");
    if (headDim % 2 != 0)
      return errors.fail("head dim ", headDim,
                         " must be even (rope rotates pairs)");
    ArrayRef<int64_t> p = tensorType(adaptor.getPositions()).getShape();
    bool ok = (p.size() == 1 && p[0] == seq) ||
              (p.size() == 2 && p[0] == batch && p[1] == seq);
    if (!ok)
      return errors.fail("positions must have shape [", seq, "] or [", batch,
                         ", ", seq, "], got ", shapeString(p));
  } else if (adaptor.getPositions()) {
    return errors.fail("positions are given but rope_theta is not");
  }

  types.push_back(type);
  if (Value kc = adaptor.getKCache()) {
    Value vc = adaptor.getVCache();
    ArrayRef<int64_t> k = tensorType(kc).getShape();
    if (k.size() != 4 || k[0] != batch || k[1] != kvHeads || k[3] != headDim ||
        k[2] < seq)
      return errors.fail("caches must be [", batch, ", ", kvHeads,
                         ", T, ", headDim, "] with T >= ", seq,
                         " ([B, kv_heads, T, Dh]), got ", shapeString(k));
    if (tensorType(vc) != tensorType(kc))
      return errors.fail("the key and value caches differ: ", tensorType(kc),
                         " and ", tensorType(vc));
    if (failed(checkSameElementType(errors, "key cache", kc, input)))
      return failure();
    if (failed(checkScalar(errors, "the cache offset",
                           adaptor.getCacheOffset())))
      return failure();
    types.push_back(tensorType(kc));
    types.push_back(tensorType(vc));
  }
  if (failed(adaptor.getMask().verifyShapes(
          [&] { return errors.emit(); }, seq,
          adaptor.getKCache() ? tensorType(adaptor.getKCache()).getDimSize(2)
                              : seq,
          /*queriesAtEnd=*/!adaptor.getKCache())))
    return failure();
  return success();
}

LogicalResult ArBlockOp::verify() {
  SmallVector<Type, 3> inferred;
  if (failed(inferReturnTypes(getContext(), getLoc(), getOperands(),
                              (*this)->getRawDictionaryAttrs(),
                              (*this)->getPropertiesStorage(),
                              (*this)->getRegions(), inferred)))
    return failure();
  if (TypeRange(inferred) != getResultTypes())
    return emitOpError("result types ")
           << getResultTypes() << " do not match the operands; expected "
           << TypeRange(inferred);
  return success();
}

LogicalResult UnpatchifyOp::verify() {
  ArrayRef<int64_t> x = getInput().getType().getShape();
  ArrayRef<int64_t> image = getType().getShape();
  int64_t p = getPatchSize();
  if (x.size() != 3)
    return emitOpError("input must be [N, L, F], got ") << shapeString(x);
  if (image.size() != 4)
    return emitOpError("result must be [N, C, H, W], got ")
           << shapeString(image);
  if (getType().getElementType() != getInput().getType().getElementType())
    return emitOpError("changes the element type from ")
           << getInput().getType().getElementType() << " to "
           << getType().getElementType();
  if (image[2] % p != 0 || image[3] % p != 0)
    return emitOpError("image ") << image[2] << "x" << image[3]
                                 << " does not divide into patches of " << p
                                 << "x" << p;
  int64_t patches = (image[2] / p) * (image[3] / p);
  int64_t features = image[1] * p * p;
  if (x[0] != image[0] || x[1] != patches || x[2] != features)
    return emitOpError("a ")
           << shapeString(image) << " image in patches of " << p << "x" << p
           << " needs input [" << image[0] << ", " << patches << ", "
           << features << "] ([N, (H/P)*(W/P), C*P*P]), got "
           << shapeString(x);
  return success();
}

LogicalResult PatchEmbedOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  ArrayRef<int64_t> x = type.getShape();
  ArrayRef<int64_t> w = tensorType(adaptor.getWeight()).getShape();
  int64_t p = adaptor.getPatchSize();
  if (x.size() != 4)
    return errors.fail("input must be [N, C, H, W], got ", shapeString(x));
  if (x[2] % p != 0 || x[3] % p != 0)
    return errors.fail("image ", x[2], "x", x[3],
                       " does not divide into patches of ", p, "x", p);
  if (w.size() != 4 || w[1] != x[1] || w[2] != p || w[3] != p)
    return errors.fail("weight must be [D, ", x[1], ", ", p, ", ", p,
                       "] ([D, C, P, P], a Conv2d's), got ", shapeString(w));
  int64_t dim = w[0], patches = (x[2] / p) * (x[3] / p);
  if (failed(checkSameElementType(errors, "weight", adaptor.getWeight(),
                                  adaptor.getInput())))
    return failure();
  ArrayRef<int64_t> b = tensorType(adaptor.getBias()).getShape();
  if (b.size() != 1 || b[0] != dim)
    return errors.fail("bias must be [", dim, "], got ", shapeString(b));
  if (failed(checkSameElementType(errors, "bias", adaptor.getBias(),
                                  adaptor.getInput())))
    return failure();
  if (Value positions = adaptor.getPositions()) {
    ArrayRef<int64_t> pos = tensorType(positions).getShape();
    if (pos.size() != 2 || pos[0] != patches || pos[1] != dim)
      return errors.fail("positions must be [", patches, ", ", dim,
                         "] (one row per patch), got ", shapeString(pos));
    if (failed(checkSameElementType(errors, "positions", positions,
                                    adaptor.getInput())))
      return failure();
  }
  types.push_back(
      RankedTensorType::get({x[0], patches, dim}, type.getElementType()));
  return success();
}

LogicalResult GatedAddOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  if (failed(checkSequenceWithPerSample(errors, adaptor.getInput(),
                                        {{"gate", adaptor.getGate()}})))
    return failure();
  if (tensorType(adaptor.getBranch()) != type)
    return errors.fail("branch must have the input's type ", Type(type),
                       ", got ", adaptor.getBranch().getType());
  types.push_back(type);
  return success();
}

LogicalResult TimestepEmbedOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  if (type.getRank() != 1)
    return errors.fail("timesteps must be [B], got ",
                       shapeString(type.getShape()));
  int64_t dim = adaptor.getDim();
  if (dim % 2 != 0)
    return errors.fail("dim = ", dim, " must be even (cosines, then sines)");
  types.push_back(
      RankedTensorType::get({type.getDimSize(0), dim}, type.getElementType()));
  return success();
}

LogicalResult ModulateOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  if (failed(checkSequenceWithPerSample(
          errors, adaptor.getInput(),
          {{"shift", adaptor.getShift()}, {"scale", adaptor.getScale()}})))
    return failure();
  types.push_back(tensorType(adaptor.getInput()));
  return success();
}

LogicalResult DiffusionStepOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType type = tensorType(adaptor.getInput());
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"prediction", adaptor.getPrediction()},
        {"uncond prediction", adaptor.getUncondPrediction()},
        {"first prediction", adaptor.getFirstPrediction()}})
    if (value && tensorType(value) != type)
      return errors.fail(name, " has type ", tensorType(value), " but x has ",
                         type);
  if (static_cast<bool>(adaptor.getUncondPrediction()) !=
      static_cast<bool>(adaptor.getGuidance()))
    return errors.fail("classifier-free guidance needs both the "
                       "unconditional prediction and the guidance scale");
  bool heun = adaptor.getSampler() == Sampler::flow_heun;
  if (heun != static_cast<bool>(adaptor.getFirstPrediction()))
    return errors.fail(heun ? "flow_heun needs the first prediction (the "
                              "velocity where the step starts)"
                            : "only flow_heun takes a first prediction");
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"time", adaptor.getTime()},
        {"next time", adaptor.getNextTime()},
        {"guidance", adaptor.getGuidance()}})
    if (failed(checkScalar(errors, name, value)))
      return failure();
  types.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// Routing, codebooks and discrete diffusion
//===----------------------------------------------------------------------===//

/// The verifier of an op with several inferred results: its inference's
/// shape rules, then every written result type against the inferred one.
template <typename OpTy>
static LogicalResult verifyInferredResultTypes(OpTy op) {
  SmallVector<Type, 4> inferred;
  if (failed(OpTy::inferReturnTypes(
          op.getContext(), op.getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), inferred)))
    return failure();
  if (TypeRange(inferred) != op->getResultTypes())
    return op.emitOpError("result types ")
           << op->getResultTypes() << " do not match the operands; expected "
           << TypeRange(inferred);
  return success();
}

LogicalResult RouterOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType logits = tensorType(adaptor.getLogits());
  if (logits.getRank() != 2)
    return errors.fail("logits must be [T, E] (tokens, experts), got ",
                       shapeString(logits.getShape()));
  int64_t tokens = logits.getDimSize(0), experts = logits.getDimSize(1);
  int64_t k = adaptor.getTopK();
  if (k < 1 || k > experts)
    return errors.fail("top_k = ", k, " must be between 1 and the number of ",
                       "experts (", experts, ")");
  if (std::optional<int64_t> capacity = adaptor.getCapacity();
      capacity && *capacity < 1)
    return errors.fail("capacity = ", *capacity,
                       " must be at least 1 (slots per expert)");
  if (static_cast<bool>(adaptor.getSeed()) !=
      static_cast<bool>(adaptor.getCounter()))
    return errors.fail("Gumbel noise needs both a seed and a counter");
  if (failed(checkScalar(errors, "seed", adaptor.getSeed())) ||
      failed(checkScalar(errors, "counter", adaptor.getCounter())))
    return failure();
  Type i32 = IntegerType::get(ctx, 32);
  Type f = logits.getElementType();
  types.push_back(RankedTensorType::get({tokens, k}, i32));
  types.push_back(RankedTensorType::get({tokens, k}, f));
  types.push_back(RankedTensorType::get({}, i32));
  types.push_back(RankedTensorType::get({}, f));
  return success();
}

LogicalResult RouterOp::verify() { return verifyInferredResultTypes(*this); }

/// Checks that `weight` (named `name`) is [experts, rows, cols] of `input`'s
/// element type: one matrix per expert.
LogicalResult MoeOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  Value input = adaptor.getInput();
  ArrayRef<int64_t> x = tensorType(input).getShape();
  if (x.size() != 2)
    return errors.fail("input must be [T, D] (tokens, model dim), got ",
                       shapeString(x));
  int64_t tokens = x[0], dim = x[1];
  ArrayRef<int64_t> ids = tensorType(adaptor.getIds()).getShape();
  if (ids.size() != 2 || ids[0] != tokens)
    return errors.fail("ids must be [", tokens, ", K] (the router's choices), ",
                       "got ", shapeString(ids));
  ArrayRef<int64_t> gates = tensorType(adaptor.getGates()).getShape();
  if (gates != ids)
    return errors.fail("gates must have the shape of ids ", shapeString(ids),
                       ", got ", shapeString(gates));
  if (failed(checkSameElementType(errors, "gates", adaptor.getGates(), input)))
    return failure();
  ArrayRef<int64_t> w1 = tensorType(adaptor.getW1()).getShape();
  if (w1.size() != 3 || w1[2] != dim)
    return errors.fail("w1 must have shape [E, F, ", dim,
                       "] ([experts, hidden, D]), got ", shapeString(w1));
  int64_t experts = w1[0], hidden = w1[1];
  bool swiglu = adaptor.getMlp() == MlpKind::swiglu;
  if (swiglu != static_cast<bool>(adaptor.getW3()))
    return errors.fail(swiglu ? "mlp = swiglu needs w3 (the up projection)"
                              : "mlp = gelu takes w1 and w2 only");
  if (failed(checkOperandShape(errors, "w1", adaptor.getW1(),
                               {experts, hidden, dim}, "[E, F, D]", input)) ||
      failed(checkOperandShape(errors, "w2", adaptor.getW2(),
                               {experts, dim, hidden}, "[E, D, F]", input)) ||
      (swiglu &&
       failed(checkOperandShape(errors, "w3", adaptor.getW3(),
                                {experts, hidden, dim}, "[E, F, D]", input))))
    return failure();
  types.push_back(tensorType(input));
  return success();
}

LogicalResult TaskRouterOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  Value input = adaptor.getInput();
  ArrayRef<int64_t> x = tensorType(input).getShape();
  if (x.size() != 3 || x[1] < 1)
    return errors.fail("input must be [B, S, D] with S >= 1, got ",
                       shapeString(x));
  int64_t batch = x[0], dim = x[2];
  ArrayRef<int64_t> w1 = tensorType(adaptor.getW1()).getShape();
  ArrayRef<int64_t> w2 = tensorType(adaptor.getW2()).getShape();
  if (w1.size() != 2 || w1[1] != dim)
    return errors.fail("w1 must have shape [H, ", dim, "] ([hidden, D]), got ",
                       shapeString(w1));
  int64_t hidden = w1[0];
  if (w2.size() != 2 || w2[1] != hidden)
    return errors.fail("w2 must have shape [N, ", hidden,
                       "] ([tasks, hidden]), got ", shapeString(w2));
  int64_t tasks = w2[0];
  if (failed(checkSameElementType(errors, "w1", adaptor.getW1(), input)) ||
      failed(checkSameElementType(errors, "w2", adaptor.getW2(), input)) ||
      failed(checkVector(errors, "b1", adaptor.getB1(), hidden,
                         "the hidden size", input)) ||
      failed(checkVector(errors, "b2", adaptor.getB2(), tasks,
                         "the number of tasks", input)))
    return failure();
  types.push_back(
      RankedTensorType::get({batch, tasks}, tensorType(input).getElementType()));
  types.push_back(RankedTensorType::get({batch}, IntegerType::get(ctx, 32)));
  return success();
}

LogicalResult TaskRouterOp::verify() {
  return verifyInferredResultTypes(*this);
}

/// Checks that `codebook` is [K, dim] with K >= 1 and `like`'s element type.
static LogicalResult checkCodebook(const ShapeErrors &errors, Value codebook,
                                   std::optional<int64_t> dim, Value like) {
  ArrayRef<int64_t> c = tensorType(codebook).getShape();
  if (c.size() != 2 || c[0] < 1 || (dim && c[1] != *dim))
    return errors.fail("codebook must be [K, ",
                       dim ? std::to_string(*dim) : std::string("D"),
                       "] with K >= 1 (codes, code dim), got ", shapeString(c));
  if (like)
    return checkSameElementType(errors, "codebook", codebook, like);
  return success();
}

LogicalResult VqQuantizeOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  ArrayRef<int64_t> z = tensorType(adaptor.getInput()).getShape();
  if (z.empty())
    return errors.fail("input must be [..., D], got a scalar tensor");
  if (failed(checkCodebook(errors, adaptor.getCodebook(), z.back(),
                           adaptor.getInput())))
    return failure();
  types.push_back(
      RankedTensorType::get(z.drop_back(), IntegerType::get(ctx, 32)));
  return success();
}

LogicalResult VqLookupOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType codebook = tensorType(adaptor.getCodebook());
  if (failed(checkCodebook(errors, adaptor.getCodebook(), std::nullopt,
                           Value())))
    return failure();
  SmallVector<int64_t> shape(tensorType(adaptor.getIds()).getShape());
  shape.push_back(codebook.getDimSize(1));
  types.push_back(RankedTensorType::get(shape, codebook.getElementType()));
  return success();
}

LogicalResult UnmaskOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType tokens = tensorType(adaptor.getTokens());
  ArrayRef<int64_t> t = tokens.getShape();
  ArrayRef<int64_t> l = tensorType(adaptor.getLogits()).getShape();
  if (t.size() != 2)
    return errors.fail("tokens must be [B, N], got ", shapeString(t));
  if (l.size() != 3 || l[0] != t[0] || l[1] != t[1])
    return errors.fail("logits must be [", t[0], ", ", t[1],
                       ", V] (one row per token), got ", shapeString(l));
  int64_t vocab = l[2], maskId = adaptor.getMaskId();
  if (vocab < 2)
    return errors.fail("the vocabulary must hold the mask and at least one ",
                       "other token, got V = ", vocab);
  if (maskId < 0 || maskId >= vocab)
    return errors.fail("mask_id = ", maskId, " is outside the vocabulary [0, ",
                       vocab, ")");
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"seed", adaptor.getSeed()},
        {"counter", adaptor.getCounter()},
        {"masked_after", adaptor.getMaskedAfter()},
        {"temperature", adaptor.getTemperature()}})
    if (failed(checkScalar(errors, name, value)))
      return failure();
  types.push_back(tokens);
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// A loss is a scalar of its input's element type.
static Type lossType(Value input) {
  return RankedTensorType::get({}, tensorType(input).getElementType());
}

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  ArrayRef<int64_t> logits = tensorType(adaptor.getLogits()).getShape();
  ArrayRef<int64_t> targets = tensorType(adaptor.getTargets()).getShape();
  if (logits.empty())
    return errors.fail("logits must have a class axis, got a scalar");
  if (targets != logits.drop_back())
    return errors.fail("targets must have the logits' shape without the "
                       "class axis, ",
                       shapeString(logits.drop_back()), ", got ",
                       shapeString(targets));
  if (Value weights = adaptor.getWeights()) {
    if (tensorType(weights).getShape() != targets)
      return errors.fail("weights must have the targets' shape ",
                         shapeString(targets), ", got ",
                         shapeString(tensorType(weights).getShape()));
    if (failed(checkSameElementType(errors, "weights", weights,
                                    adaptor.getLogits())))
      return failure();
  }
  types.push_back(lossType(adaptor.getLogits()));
  return success();
}

LogicalResult MseLossOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType input = tensorType(adaptor.getInput());
  if (tensorType(adaptor.getTarget()) != input)
    return errors.fail("target must have the input's type ", Type(input),
                       ", got ", adaptor.getTarget().getType());
  if (Value weights = adaptor.getWeights()) {
    ArrayRef<int64_t> shape = tensorType(weights).getShape();
    if (input.getRank() == 0 || shape.size() != 1 ||
        shape[0] != input.getDimSize(0))
      return errors.fail("weights must be [N], one per example of the "
                         "input's first dimension, got ",
                         shapeString(shape), " for an input of shape ",
                         shapeString(input.getShape()));
    if (failed(checkSameElementType(errors, "weights", weights,
                                    adaptor.getInput())))
      return failure();
  }
  types.push_back(lossType(adaptor.getInput()));
  return success();
}

LogicalResult InfoNceOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  RankedTensorType queries = tensorType(adaptor.getQueries());
  if (queries.getRank() != 2)
    return errors.fail("queries must be [N, D], got ",
                       shapeString(queries.getShape()));
  if (tensorType(adaptor.getKeys()) != queries)
    return errors.fail("keys must have the queries' type ", Type(queries),
                       ", got ", adaptor.getKeys().getType());
  types.push_back(lossType(adaptor.getQueries()));
  return success();
}

LogicalResult WeightedSumOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  ShapeErrors errors(loc, getOperationName());
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return errors.fail("needs at least one input");
  if (adaptor.getWeights().size() != inputs.size())
    return errors.fail("has ", inputs.size(), " inputs but ",
                       adaptor.getWeights().size(),
                       " weights; give one weight per input");
  RankedTensorType type = tensorType(inputs.front());
  for (auto [i, input] : llvm::enumerate(inputs))
    if (tensorType(input) != type)
      return errors.fail("input ", i, " has type ", input.getType(),
                         " but input 0 has ", Type(type),
                         "; every input must have the same type");
  types.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

void FusionOp::build(OpBuilder &builder, OperationState &state,
                     TypeRange resultTypes, StringRef rule) {
  state.addTypes(resultTypes);
  state.addAttribute(getRuleAttrName(state.name), builder.getStringAttr(rule));
  state.addRegion()->emplaceBlock();
}

LogicalResult FusionOp::verify() {
  Block &body = getBody().front();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with umc.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but its results are "
           << getResultTypes();
  for (Operation &op : body.without_terminator()) {
    if (!isa<UmcDialect>(op.getDialect()) || isa<FusionOp>(op))
      return op.emitOpError("cannot be in a umc.fusion: its body holds "
                            "umc compute ops only");
  }
  return success();
}

#define GET_OP_CLASSES
#include "umc/Dialect/Umc/IR/UmcOps.cpp.inc"
