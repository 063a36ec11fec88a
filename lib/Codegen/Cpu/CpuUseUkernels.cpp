//===- CpuUseUkernels.cpp - contractions as calls to the GEMM ukernels ----===//
//
// A linear's contraction, out[rows..., n] += a[rows..., k] * w[n, k] in f32
// on buffers, becomes a call to umc_ukernel_gemm_nt_f32, and a matmul's,
// += a[rows..., k] * b[k, n], one to umc_ukernel_gemm_nn_f32
// (include/umc/Ukernels/Ukernels.h), with the operands' addresses and
// leading dimensions: the packed, register-blocked GEMM that umc-compile
// links into the kernel library. The accumulator's initial value (a bias,
// zeros) and the epilogue stay where they are, before and after the call.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUUSEUKERNELS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kGemmNt = "umc_ukernel_gemm_nt_f32";
constexpr llvm::StringLiteral kGemmNn = "umc_ukernel_gemm_nn_f32";

/// Rows and leading dimension of a row-major matrix view of `type`, whose
/// leading dimensions (all but the last) collapse into rows; none if they
/// do not (a strided view across rows) or the last dimension is strided.
/// The rows of a 2-D view may be dynamic (the last workgroup's tile of
/// rows that its tile size does not divide), the strides may not.
struct MatrixView {
  int64_t rows; // ShapedType::kDynamic: read at run time
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
    return MatrixView{1, ShapedType::isDynamic(shape[0]) ? 1 : shape[0]};
  for (int64_t d = 0; d + 1 < rank; ++d)
    if (ShapedType::isDynamic(strides[d]))
      return std::nullopt;
  if (rank == 2)
    return MatrixView{shape[0], strides[0]};
  // Dimension d steps over whole runs of dimension d + 1 (rows only).
  for (int64_t d = 0; d + 1 < rank; ++d)
    if (ShapedType::isDynamic(shape[d]))
      return std::nullopt;
  for (int64_t d = 0; d + 2 < rank; ++d)
    if (strides[d] != strides[d + 1] * shape[d + 1])
      return std::nullopt;
  int64_t rows = 1;
  for (int64_t d = 0; d + 1 < rank; ++d)
    rows *= shape[d];
  return MatrixView{rows, strides[rank - 2]};
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

  StringRef ukernel() const { return transposedB ? kGemmNt : kGemmNn; }
};

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
  // A few rows (a decode step's GEMV) would not repay packing the weight:
  // the dot products of umc-cpu-unroll-jam-contractions read it once.
  constexpr int64_t kMinRows = 16;
  if (!a || !b || !out ||
      (!ShapedType::isDynamic(out->rows) && out->rows < kMinRows))
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  return Gemm{transposedB, *a, *b, *out, ranges[n], ranges[k]};
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

/// The address of the first element of `view`, as an LLVM pointer.
Value addressOf(OpBuilder &b, Location loc, Value view) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, view);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, view);
  int64_t bytes = cast<MemRefType>(view.getType()).getElementTypeBitWidth() / 8;
  Value elementBytes = arith::ConstantIndexOp::create(b, loc, bytes);
  Value offsetBytes =
      arith::MulIOp::create(b, loc, metadata.getOffset(), elementBytes);
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value asInteger =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc,
                                  LLVM::LLVMPointerType::get(b.getContext()),
                                  asInteger);
}

struct UmcCpuUseUkernelsPass
    : umc::impl::UmcCpuUseUkernelsBase<UmcCpuUseUkernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::GenericOp, Gemm>> gemms;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<Gemm> gemm = matchGemm(op))
        gemms.push_back({op, *gemm});
    });
    OpBuilder b(module.getContext());
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    Type i64 = b.getI64Type();
    FunctionType type = b.getFunctionType(
        {ptr, i64, ptr, i64, ptr, i64, i64, i64, i64}, {});
    for (StringRef name : {kGemmNt, kGemmNn}) {
      bool called = llvm::any_of(
          gemms, [&](auto &entry) { return entry.second.ukernel() == name; });
      if (!called || module.lookupSymbol(name))
        continue;
      b.setInsertionPointToEnd(module.getBody());
      func::FuncOp::create(b, module.getLoc(), name, type).setPrivate();
    }
    for (auto [op, gemm] : gemms) {
      b.setInsertionPoint(op);
      Location loc = op.getLoc();
      auto constant = [&](int64_t v) {
        return arith::ConstantIntOp::create(b, loc, i64, v).getResult();
      };
      Value a = op->getOperand(0), out = op->getOperand(2);
      int64_t aRank = cast<MemRefType>(a.getType()).getRank();
      int64_t outRank = cast<MemRefType>(out.getType()).getRank();
      func::CallOp::create(
          b, loc, gemm.ukernel(), TypeRange{},
          ValueRange{addressOf(b, loc, a), constant(gemm.a.leading),
                     addressOf(b, loc, op->getOperand(1)),
                     constant(gemm.b.leading), addressOf(b, loc, out),
                     constant(gemm.out.leading),
                     sizeValue(b, loc, gemm.out.rows, out, 0),
                     sizeValue(b, loc, gemm.n, out, outRank - 1),
                     sizeValue(b, loc, gemm.depth, a, aRank - 1)});
      op.erase();
    }
  }
};

} // namespace
