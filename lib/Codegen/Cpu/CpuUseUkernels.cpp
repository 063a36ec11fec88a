//===- CpuUseUkernels.cpp - contractions as calls to the GEMM ukernels ----===//
//
// A linear's contraction, out[rows..., n] += a[rows..., k] * w[n, k] in f32
// on buffers, becomes a call to umc_ukernel_gemm_nt_f32, and a matmul's,
// += a[rows..., k] * b[k, n], one to umc_ukernel_gemm_nn_f32
// (include/umc/Ukernels/Ukernels.h), with the operands' addresses and
// leading dimensions: the packed, register-blocked GEMM that umc-compile
// links into the kernel library. The accumulator's initial value (a bias,
// zeros) and the epilogue stay where they are, before and after the call.
// A weight that umc-cpu-pack-weights packed at load, unpacked into the
// tile by its generic, is read packed instead: the generic and its buffer
// go, and the call is to umc_ukernel_gemm_packed_f32.
//
// An attention that umc-to-linalg marked (umc.flash_attention) becomes
// calls to umc_ukernel_attention_f32, one per (batch, head) of the
// workgroup's tile: its generics (scores, max, exponentials, sums, the
// weighted values, the division) and their scratch buffers go away.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Codegen/Cpu/CpuPackedWeights.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/SetVector.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUUSEUKERNELS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kGemmNt = "umc_ukernel_gemm_nt_f32";
constexpr llvm::StringLiteral kGemmNn = "umc_ukernel_gemm_nn_f32";
constexpr llvm::StringLiteral kGemmPacked = "umc_ukernel_gemm_packed_f32";
constexpr llvm::StringLiteral kAttention = "umc_ukernel_attention_f32";

/// Rows and leading dimension of a row-major matrix view of `type`, whose
/// leading dimensions (all but the last) collapse into rows; none if they
/// do not (a strided view across rows) or the last dimension is strided.
/// The rows may be dynamic (the last workgroup's tile of rows that its
/// tile size does not divide) when every dimension before them is 1; the
/// strides may not.
struct MatrixView {
  int64_t rows;    // ShapedType::kDynamic: dimension `rowsDim`, at run time
  int64_t rowsDim; // the dimension holding the rows when they are dynamic
  int64_t leading;
};

std::optional<MatrixView> matrixView(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) || strides.empty() ||
      strides.back() != 1)
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = shape.size();
  if (rank == 1)
    return MatrixView{1, 0, ShapedType::isDynamic(shape[0]) ? 1 : shape[0]};
  // Unit dimensions in front (a batch of one) step nowhere.
  int64_t first = 0;
  while (first + 2 < rank && shape[first] == 1)
    ++first;
  for (int64_t d = first; d + 1 < rank; ++d)
    if (ShapedType::isDynamic(strides[d]))
      return std::nullopt;
  if (first + 2 == rank)
    return MatrixView{shape[first], first, strides[first]};
  // Dimension d steps over whole runs of dimension d + 1 (rows only).
  for (int64_t d = first; d + 1 < rank; ++d)
    if (ShapedType::isDynamic(shape[d]))
      return std::nullopt;
  for (int64_t d = first; d + 2 < rank; ++d)
    if (strides[d] != strides[d + 1] * shape[d + 1])
      return std::nullopt;
  int64_t rows = 1;
  for (int64_t d = first; d + 1 < rank; ++d)
    rows *= shape[d];
  return MatrixView{rows, first, strides[rank - 2]};
}

/// Whether `body` computes acc + a * b of its arguments (a, b, acc).
bool isMultiplyAccumulate(Block &body) {
  if (body.getNumArguments() != 3 || !llvm::hasNItems(body, 3))
    return false;
  auto mul = dyn_cast<arith::MulFOp>(&body.front());
  auto add = dyn_cast<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || !yield || yield.getValues().size() != 1 ||
      yield.getValues()[0] != add.getResult())
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1),
        acc = body.getArgument(2);
  bool multipliesInputs = (mul.getLhs() == a && mul.getRhs() == b) ||
                          (mul.getLhs() == b && mul.getRhs() == a);
  bool addsToAccumulator =
      (add.getLhs() == acc && add.getRhs() == mul.getResult()) ||
      (add.getRhs() == acc && add.getLhs() == mul.getResult());
  return multipliesInputs && addsToAccumulator;
}

/// The GEMM a linalg.generic is, when it is one a ukernel computes, all
/// f32 on static buffers: out[rows..., n] += a[rows..., k] * b[n, k] (a
/// linear: loops (rows..., n, k)), or += a[rows..., k] * b[k, n] (a matmul
/// whose right operand has no batch dimensions: loops (rows..., k, n)).
struct Gemm {
  bool transposedB;
  MatrixView a, b, out;
  int64_t n, depth;
  /// The generic that unpacks a weight umc-cpu-pack-weights packed into B,
  /// when there is one: the call reads its input instead.
  linalg::GenericOp unpack;

  StringRef ukernel() const {
    return unpack ? kGemmPacked : transposedB ? kGemmNt : kGemmNn;
  }
};

/// The linalg op before `user` in its block that last writes `buffer` (as
/// an init), or null.
linalg::LinalgOp lastWriterBefore(Value buffer, Operation *user) {
  for (Operation *op = user->getPrevNode(); op; op = op->getPrevNode()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (linalgOp && llvm::is_contained(linalgOp.getDpsInits(), buffer))
      return linalgOp;
  }
  return nullptr;
}

/// The generic before `gemm` that fills its weight `b` ([n, depth]) from a
/// packed buffer: umc-cpu-pack-weights' unpacking map, on a view of blocks
/// of the full depth that starts on a block, laid out as the packed GEMM
/// reads them. Null otherwise.
linalg::GenericOp unpackingOf(Value b, Operation *gemm, int64_t depth) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(
      lastWriterBefore(b, gemm).getOperation());
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1)
    return nullptr;
  MLIRContext *context = generic.getContext();
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
  if (maps[0] != umc::unpackingMap(context) ||
      maps[1] != AffineMap::getMultiDimIdentityMap(2, context) ||
      yield.getValues().size() != 1 ||
      yield.getValues()[0] != generic.getBody()->getArgument(0))
    return nullptr;
  auto packed = dyn_cast<MemRefType>(generic.getDpsInputs()[0].getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!packed || failed(packed.getStridesAndOffset(strides, offset)) ||
      packed.getDimSize(1) != depth ||
      strides[0] != umc::kPackedColumns * depth ||
      strides[1] != umc::kPackedColumns || strides[2] != 1)
    return nullptr;
  // The view must start on a block's first column, or the call's vector
  // loads would run past the buffer's last block: every slice down from the
  // packed buffer starts at column 0 of a block, as a constant or because
  // it keeps all 16 columns. A tile that does not divide the width (the
  // last of 1376 columns in tiles of 160) gives dynamic sizes; the GEMM's
  // own width says how many columns it reads.
  Value view = generic.getDpsInputs()[0];
  while (auto slice = view.getDefiningOp<memref::SubViewOp>()) {
    if (slice.getSourceType().getRank() != 3)
      return nullptr; // a rank-reducing slice: dim 2 is another dimension
    bool wholeBlocks =
        slice.getType().getDimSize(2) == umc::kPackedColumns &&
        slice.getSourceType().getDimSize(2) == umc::kPackedColumns;
    if (!wholeBlocks && getConstantIntValue(slice.getMixedOffsets()[2]) != 0)
      return nullptr;
    view = slice.getSource();
  }
  if (cast<MemRefType>(view.getType()).getDimSize(2) != umc::kPackedColumns)
    return nullptr;
  return generic;
}

std::optional<Gemm> matchGemm(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !isMultiplyAccumulate(*op.getBody()))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned loops = iterators.size();
  if (loops < 2 || llvm::count(iterators, utils::IteratorType::reduction) != 1)
    return std::nullopt;
  bool transposedB = iterators.back() == utils::IteratorType::reduction;
  if (!transposedB && iterators[loops - 2] != utils::IteratorType::reduction)
    return std::nullopt;
  MLIRContext *context = op.getContext();
  unsigned k = transposedB ? loops - 1 : loops - 2;
  unsigned n = transposedB ? loops - 2 : loops - 1;
  AffineExpr kExpr = getAffineDimExpr(k, context),
             nExpr = getAffineDimExpr(n, context);
  SmallVector<AffineExpr> aMap, outMap;
  for (unsigned d = 0; d + 2 < loops; ++d) {
    aMap.push_back(getAffineDimExpr(d, context));
    outMap.push_back(getAffineDimExpr(d, context));
  }
  aMap.push_back(kExpr);
  outMap.push_back(nExpr);
  auto map = [&](ArrayRef<AffineExpr> results) {
    return AffineMap::get(loops, 0, results, context);
  };
  AffineMap bMap = transposedB ? map({nExpr, kExpr}) : map({kExpr, nExpr});
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != map(aMap) || maps[1] != bMap || maps[2] != map(outMap))
    return std::nullopt;
  auto type = [&](unsigned i) {
    return dyn_cast<MemRefType>(op->getOperand(i).getType());
  };
  for (unsigned i = 0; i < 3; ++i)
    if (!type(i) || !type(i).getElementType().isF32())
      return std::nullopt;
  std::optional<MatrixView> a = matrixView(type(0)), b = matrixView(type(1)),
                            out = matrixView(type(2));
  // The dot products of umc-cpu-unroll-jam-contractions serve a few rows.
  if (!a || !b || !out ||
      (!ShapedType::isDynamic(out->rows) && out->rows < umc::kMinGemmRows))
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  linalg::GenericOp unpack =
      transposedB ? unpackingOf(op->getOperand(1), op, ranges[k]) : nullptr;
  return Gemm{transposedB, *a, *b, *out, ranges[n], ranges[k], unpack};
}

/// `size` as an i64 value: the constant, or when dynamic, dimension `dim`
/// of `view` read at run time.
Value sizeValue(OpBuilder &b, Location loc, int64_t size, Value view,
                int64_t dim) {
  if (!ShapedType::isDynamic(size))
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), size);
  Value dynamic = memref::DimOp::create(b, loc, view, dim);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), dynamic);
}

/// The address of the first element of `view`, or of the element
/// `elements` past it (an index value), as an LLVM pointer.
Value addressOf(OpBuilder &b, Location loc, Value view,
                Value elements = Value()) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, view);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, view);
  int64_t bytes = cast<MemRefType>(view.getType()).getElementTypeBitWidth() / 8;
  Value elementBytes = arith::ConstantIndexOp::create(b, loc, bytes);
  Value offset = metadata.getOffset();
  if (elements)
    offset = arith::AddIOp::create(b, loc, offset, elements);
  Value offsetBytes = arith::MulIOp::create(b, loc, offset, elementBytes);
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value asInteger =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc,
                                  LLVM::LLVMPointerType::get(b.getContext()),
                                  asInteger);
}

/// Erases `buffer`'s allocation when nothing but its deallocation uses it
/// any more.
void eraseIfOnlyDeallocated(Value buffer) {
  auto alloc = buffer.getDefiningOp<memref::AllocOp>();
  if (!alloc || !llvm::all_of(alloc->getUsers(), [](Operation *user) {
        return isa<memref::DeallocOp>(user);
      }))
    return;
  for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
    user->erase();
  alloc->erase();
}

/// The generics of a marked attention on buffers, traced back from its
/// last one (`out` = weighted / sum) through the buffers each reads.
struct FlashAttention {
  linalg::GenericOp scores, max, exps, sums, weighted, out;
  Value q, k, v, result;
  Value queryOffset; // a 0-d integer buffer, when the op has one
  DictionaryAttr info;

  SmallVector<Operation *> ops() {
    return {scores, max, exps, sums, weighted, out};
  }
};

std::optional<FlashAttention> matchAttention(linalg::GenericOp out) {
  auto info = out->getAttrOfType<DictionaryAttr>(umc::attrs::kFlashAttention);
  if (!info || !out.hasPureBufferSemantics() || out.getNumDpsInputs() != 2)
    return std::nullopt;
  auto generic = [](linalg::LinalgOp op, unsigned inputs) {
    auto g = dyn_cast_or_null<linalg::GenericOp>(op.getOperation());
    return g && g.getNumDpsInputs() == inputs ? g : linalg::GenericOp();
  };
  FlashAttention a;
  a.info = info;
  a.out = out;
  a.weighted = generic(lastWriterBefore(out.getDpsInputs()[0], out), 2);
  a.sums = generic(lastWriterBefore(out.getDpsInputs()[1], out), 1);
  if (!a.weighted || !a.sums)
    return std::nullopt;
  // The mask's operands follow the scores (and the row max); a query
  // offset is the only one a marked attention has.
  unsigned maskInputs = info.getAs<BoolAttr>("query_offset").getValue();
  a.exps = generic(lastWriterBefore(a.weighted.getDpsInputs()[0], a.weighted),
                   2 + maskInputs);
  if (!a.exps)
    return std::nullopt;
  a.scores = generic(lastWriterBefore(a.exps.getDpsInputs()[0], a.exps), 2);
  a.max = generic(lastWriterBefore(a.exps.getDpsInputs()[1], a.exps),
                  1 + maskInputs);
  if (!a.scores || !a.max)
    return std::nullopt;
  if (maskInputs) {
    a.queryOffset = a.exps.getDpsInputs()[2];
    auto type = dyn_cast<MemRefType>(a.queryOffset.getType());
    if (!type || type.getRank() != 0 || !type.getElementType().isInteger())
      return std::nullopt;
  }
  a.q = a.scores.getDpsInputs()[0];
  a.k = a.scores.getDpsInputs()[1];
  a.v = a.weighted.getDpsInputs()[1];
  a.result = out.getDpsInits()[0];
  for (Value view : {a.q, a.k, a.v, a.result}) {
    auto type = dyn_cast<MemRefType>(view.getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    if (!type || type.getRank() != 4 || !type.getElementType().isF32() ||
        failed(type.getStridesAndOffset(strides, offset)) || strides[3] != 1)
      return std::nullopt;
  }
  return a;
}

/// The address and the count of an omni mask's spans (flat [start, end)
/// pairs, a constant of the module), or null and 0 for another mask.
std::pair<Value, Value> omniSpans(OpBuilder &b, Location loc,
                                  const FlashAttention &a) {
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  auto spans = a.info.getAs<DenseI64ArrayAttr>("spans");
  if (!spans || spans.empty())
    return {LLVM::ZeroOp::create(b, loc, ptr),
            arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0)};
  auto module = a.out->getParentOfType<ModuleOp>();
  auto type = MemRefType::get({spans.size()}, b.getI64Type());
  auto value = DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), b.getI64Type()),
      spans.asArrayRef());
  // One constant per distinct mask, shared by the kernels that use it.
  memref::GlobalOp global;
  for (auto existing : module.getOps<memref::GlobalOp>())
    if (existing.getConstant() && existing.getType() == type &&
        existing.getInitialValueAttr() == value)
      global = existing;
  if (!global) {
    OpBuilder detached(b.getContext());
    global = memref::GlobalOp::create(
        detached, loc, "umc_omni_spans", detached.getStringAttr("private"),
        type, value, /*constant=*/true, /*alignment=*/nullptr);
    SymbolTable(module).insert(global, module.getBody()->begin());
  }
  Value view = memref::GetGlobalOp::create(b, loc, type, global.getSymName());
  return {
      addressOf(b, loc, view),
      arith::ConstantIntOp::create(b, loc, b.getI64Type(), spans.size() / 2)};
}

/// Replaces the attention's generics by a loop over the (batch, head)
/// pairs of the workgroup's tile that calls the ukernel for each; returns
/// false (and changes nothing) when the tile's first query is unknown.
bool useAttentionUkernel(OpBuilder &b, FlashAttention a) {
  Location loc = a.out.getLoc();
  b.setInsertionPoint(a.out);
  int64_t queries = a.info.getAs<IntegerAttr>("queries").getInt();
  // The tile's first query: the offset of the output's view into the
  // whole output (S queries); anything else is left to the generics.
  Value firstQuery;
  auto view = a.result.getDefiningOp<memref::SubViewOp>();
  if (view && view.getSourceType().getDimSize(2) == queries)
    firstQuery = getValueOrCreateConstantIndexOp(b, loc,
                                                 view.getMixedOffsets()[2]);
  else if (cast<MemRefType>(a.result.getType()).getDimSize(2) == queries)
    firstQuery = arith::ConstantIndexOp::create(b, loc, 0);
  else
    return false;

  Type i64 = b.getI64Type();
  auto toI64 = [&](Value index) {
    return arith::IndexCastOp::create(b, loc, i64, index).getResult();
  };
  auto i64Attr = [&](StringRef key) {
    return arith::ConstantIntOp::create(b, loc, i64,
                                        a.info.getAs<IntegerAttr>(key).getInt())
        .getResult();
  };
  auto q = memref::ExtractStridedMetadataOp::create(b, loc, a.q);
  auto k = memref::ExtractStridedMetadataOp::create(b, loc, a.k);
  auto v = memref::ExtractStridedMetadataOp::create(b, loc, a.v);
  auto o = memref::ExtractStridedMetadataOp::create(b, loc, a.result);
  // Query 0's position and the end of the filled keys: the op's run-time
  // offset and offset + S (a KV cache), or T - S and T.
  Value start = i64Attr("query_shift");
  Value keyEnd = toI64(k.getSizes()[2]);
  if (a.info.getAs<BoolAttr>("query_offset").getValue()) {
    Value offset = memref::LoadOp::create(b, loc, a.queryOffset, ValueRange{});
    start = offset.getType() == i64
                ? offset
                : arith::ExtSIOp::create(b, loc, i64, offset).getResult();
    keyEnd = arith::AddIOp::create(
        b, loc, start,
        arith::ConstantIntOp::create(b, loc, i64, queries).getResult());
  }
  Value firstPosition =
      arith::AddIOp::create(b, loc, toI64(firstQuery), start);
  Value group = arith::ConstantIndexOp::create(
      b, loc, a.info.getAs<IntegerAttr>("group").getInt());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  // The address of element (batch, head, 0, 0) of a view.
  auto address = [&](Value view, memref::ExtractStridedMetadataOp metadata,
                     Value batch, Value head) {
    return addressOf(
        b, loc, view,
        arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(b, loc, batch, metadata.getStrides()[0]),
            arith::MulIOp::create(b, loc, head, metadata.getStrides()[1])));
  };
  auto batches =
      scf::ForOp::create(b, loc, zero, o.getSizes()[0], one);
  b.setInsertionPointToStart(batches.getBody());
  auto heads = scf::ForOp::create(b, loc, zero, o.getSizes()[1], one);
  b.setInsertionPointToStart(heads.getBody());
  Value batch = batches.getInductionVar(), head = heads.getInductionVar();
  Value kvHead = arith::DivUIOp::create(b, loc, head, group);
  auto [spans, numSpans] = omniSpans(b, loc, a);
  func::CallOp::create(
      b, loc, kAttention, TypeRange{},
      ValueRange{
          address(a.q, q, batch, head), toI64(q.getStrides()[2]),
          address(a.k, k, batch, kvHead), toI64(k.getStrides()[2]),
          address(a.v, v, batch, kvHead), toI64(v.getStrides()[2]),
          address(a.result, o, batch, head), toI64(o.getStrides()[2]),
          toI64(o.getSizes()[2]), toI64(k.getSizes()[2]),
          toI64(q.getSizes()[3]), toI64(o.getSizes()[3]), firstPosition, keyEnd,
          arith::ConstantIntOp::create(
              b, loc, b.getI32Type(),
              a.info.getAs<IntegerAttr>("mask").getInt()),
          i64Attr("window"), spans, numSpans,
          arith::ConstantOp::create(b, loc, a.info.getAs<FloatAttr>("scale"))});

  // The generics, the fills of their scratch buffers and the buffers go.
  SmallPtrSet<Value, 8> scratch;
  for (Operation *op : a.ops())
    for (Value init : cast<linalg::LinalgOp>(op).getDpsInits())
      scratch.insert(init);
  SmallVector<Operation *> dead(a.ops());
  for (Operation *op = a.out->getPrevNode(); op; op = op->getPrevNode())
    if (auto fill = dyn_cast<linalg::FillOp>(op))
      if (scratch.contains(fill.getDpsInits()[0]))
        dead.push_back(fill);
  for (Operation *op : dead)
    op->erase();
  for (Value buffer : scratch)
    eraseIfOnlyDeallocated(buffer);
  return true;
}

struct UmcCpuUseUkernelsPass
    : umc::impl::UmcCpuUseUkernelsBase<UmcCpuUseUkernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(module.getContext());
    useAttentionUkernels(module, b);
    SmallVector<std::pair<linalg::GenericOp, Gemm>> gemms;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<Gemm> gemm = matchGemm(op))
        gemms.push_back({op, *gemm});
    });
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    Type i64 = b.getI64Type();
    FunctionType type = b.getFunctionType(
        {ptr, i64, ptr, i64, ptr, i64, i64, i64, i64}, {});
    FunctionType packedType =
        b.getFunctionType({ptr, i64, ptr, ptr, i64, i64, i64, i64}, {});
    for (StringRef name : {kGemmNt, kGemmNn, kGemmPacked}) {
      bool called = llvm::any_of(
          gemms, [&](auto &entry) { return entry.second.ukernel() == name; });
      if (!called || module.lookupSymbol(name))
        continue;
      b.setInsertionPointToEnd(module.getBody());
      func::FuncOp::create(b, module.getLoc(), name,
                           name == kGemmPacked ? packedType : type)
          .setPrivate();
    }
    llvm::SetVector<linalg::GenericOp> unpacks;
    for (auto [op, gemm] : gemms) {
      b.setInsertionPoint(op);
      Location loc = op.getLoc();
      auto constant = [&](int64_t v) {
        return arith::ConstantIntOp::create(b, loc, i64, v).getResult();
      };
      Value a = op->getOperand(0), out = op->getOperand(2);
      int64_t aRank = cast<MemRefType>(a.getType()).getRank();
      int64_t outRank = cast<MemRefType>(out.getType()).getRank();
      SmallVector<Value> weight;
      if (gemm.unpack)
        weight = {addressOf(b, loc, gemm.unpack.getDpsInputs()[0])};
      else
        weight = {addressOf(b, loc, op->getOperand(1)),
                  constant(gemm.b.leading)};
      SmallVector<Value> operands = {addressOf(b, loc, a),
                                     constant(gemm.a.leading)};
      llvm::append_range(operands, weight);
      llvm::append_range(
          operands,
          ValueRange{addressOf(b, loc, out), constant(gemm.out.leading),
                     sizeValue(b, loc, gemm.out.rows, out, gemm.out.rowsDim),
                     sizeValue(b, loc, gemm.n, out, outRank - 1),
                     sizeValue(b, loc, gemm.depth, a, aRank - 1)});
      func::CallOp::create(b, loc, gemm.ukernel(), TypeRange{}, operands);
      if (gemm.unpack)
        unpacks.insert(gemm.unpack);
      op.erase();
    }
    // An unpacked tile that nothing reads any more goes, with its generic.
    for (linalg::GenericOp unpack : unpacks) {
      Value tile = unpack.getDpsInits()[0];
      if (llvm::any_of(tile.getUsers(), [&](Operation *user) {
            return user != unpack && !isa<memref::DeallocOp>(user);
          }))
        continue;
      unpack.erase();
      eraseIfOnlyDeallocated(tile);
    }
  }

  static void useAttentionUkernels(ModuleOp module, OpBuilder &b) {
    SmallVector<FlashAttention> attentions;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<FlashAttention> attention = matchAttention(op))
        attentions.push_back(*attention);
    });
    bool used = false;
    for (FlashAttention &attention : attentions)
      used |= useAttentionUkernel(b, attention);
    if (!used || module.lookupSymbol(kAttention))
      return;
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    Type i64 = b.getI64Type();
    b.setInsertionPointToEnd(module.getBody());
    func::FuncOp::create(
        b, module.getLoc(), kAttention,
        b.getFunctionType({ptr, i64, ptr, i64, ptr, i64, ptr, i64, i64, i64,
                           i64, i64, i64, i64, b.getI32Type(), i64, ptr, i64,
                           b.getF32Type()},
                          {}))
        .setPrivate();
  }
};

} // namespace
