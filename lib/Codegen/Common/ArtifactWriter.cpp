//===- ArtifactWriter.cpp - the .umcb artifact ----------------------------===//
//
// Host functions become bytecode (schemas/umcb.fbs): every buffer a view,
// every scalar a register, structured control flow plain branches. The
// runtime interprets it the same way on every device.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Common/ArtifactWriter.h"

#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/Schema/Checksum.h"
#include "umc/Schema/umcb_generated.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "llvm/ADT/TypeSwitch.h"

#include <map>
#include <optional>

using namespace mlir;

namespace umc {
namespace {

namespace fbs = ::umc::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

std::optional<fbs::DType> dtypeOf(Type type) {
  if (type.isF32())
    return fbs::DType::f32;
  if (type.isF16())
    return fbs::DType::f16;
  if (type.isBF16())
    return fbs::DType::bf16;
  if (type.isInteger(8))
    return fbs::DType::i8;
  if (type.isInteger(32))
    return fbs::DType::i32;
  if (type.isInteger(64))
    return fbs::DType::i64;
  return std::nullopt;
}

std::optional<fbs::ScalarType> scalarTypeOf(Type type) {
  if (type.isIndex() || type.isInteger(64))
    return fbs::ScalarType::i64;
  if (type.isInteger(1))
    return fbs::ScalarType::i1;
  if (type.isInteger(8))
    return fbs::ScalarType::i8;
  if (type.isInteger(32))
    return fbs::ScalarType::i32;
  if (type.isF16())
    return fbs::ScalarType::f16;
  if (type.isBF16())
    return fbs::ScalarType::bf16;
  if (type.isF32())
    return fbs::ScalarType::f32;
  if (type.isF64())
    return fbs::ScalarType::f64;
  return std::nullopt;
}

/// A buffer's type as the artifact stores it (dtype + static shape).
struct BufferType {
  fbs::DType dtype;
  std::vector<int64_t> shape;
  bool operator<(const BufferType &o) const {
    return std::tie(dtype, shape) < std::tie(o.dtype, o.shape);
  }
  bool operator==(const BufferType &o) const {
    return dtype == o.dtype && shape == o.shape;
  }
};

FailureOr<BufferType> bufferTypeOf(Operation *where, Type type) {
  auto shaped = cast<ShapedType>(type);
  std::optional<fbs::DType> dtype = dtypeOf(shaped.getElementType());
  if (!dtype)
    return where->emitError("buffers of ")
           << shaped.getElementType() << " cannot be stored in an artifact";
  return BufferType{*dtype, std::vector<int64_t>(shaped.getShape().begin(),
                                                 shaped.getShape().end())};
}

Offset<fbs::TensorType> tensorType(FlatBufferBuilder &fbb,
                                   const BufferType &type) {
  return fbs::CreateTensorTypeDirect(fbb, type.dtype, &type.shape);
}

/// One instruction before it is built (branch targets are patched once
/// the code after them exists).
struct Instruction {
  explicit Instruction(fbs::Opcode opcode) : opcode(opcode) {}
  fbs::Opcode opcode;
  fbs::ScalarOp op = fbs::ScalarOp::none;
  uint32_t kernel = 0;
  std::vector<uint32_t> views;
  uint32_t dst = 0;
  std::vector<uint32_t> operands;
  int64_t intValue = 0;
  double floatValue = 0;
  uint32_t target = 0, targetFalse = 0;
};

struct View {
  fbs::StorageKind storage;
  uint32_t index;
  uint64_t offset;
  BufferType type;
  bool operator<(const View &o) const {
    return std::tie(storage, index, offset, type) <
           std::tie(o.storage, o.index, o.offset, o.type);
  }
};

struct ParamSpec {
  std::string name;
  BufferType type;
  fbs::InitKind init;
};

/// An input of a kernel whose indices the runtime checks (umc.index_checks).
struct IndexCheck {
  uint32_t binding;
  int64_t bound;
  std::string op, location, noun, range;
  bool operator==(const IndexCheck &o) const {
    return std::tie(binding, bound, op, location, noun, range) ==
           std::tie(o.binding, o.bound, o.op, o.location, o.noun, o.range);
  }
};

struct KernelSpec {
  std::string name;
  std::vector<BufferType> bindings;
  uint32_t numInputs;
  std::vector<IndexCheck> indexChecks;
};

/// The umc.index_checks of a dispatch (verified by the umc dialect); each
/// must name one of its inputs.
FailureOr<std::vector<IndexCheck>> indexChecksOf(host::DispatchOp dispatch) {
  std::vector<IndexCheck> checks;
  auto attr = dispatch->getAttrOfType<ArrayAttr>(attrs::kIndexChecks);
  if (!attr)
    return checks;
  for (auto entry : attr.getAsRange<DictionaryAttr>()) {
    int64_t binding = entry.getAs<IntegerAttr>("binding").getInt();
    if (binding >= static_cast<int64_t>(dispatch.getIns().size()))
      return dispatch.emitError("'")
             << attrs::kIndexChecks << "' checks binding " << binding
             << ", which is not an input of the dispatch";
    checks.push_back({static_cast<uint32_t>(binding),
                      entry.getAs<IntegerAttr>("bound").getInt(),
                      entry.getAs<StringAttr>("op").str(),
                      entry.getAs<StringAttr>("loc").str(),
                      entry.getAs<StringAttr>("noun").str(),
                      entry.getAs<StringAttr>("range").str()});
  }
  return checks;
}

/// What the functions share: parameters, state and kernels, by name.
struct ModuleTables {
  std::vector<ParamSpec> params;
  std::map<std::string, uint32_t> paramIndex;
  std::vector<std::pair<std::string, BufferType>> states;
  std::map<std::string, uint32_t> stateIndex;
  /// Globals that hold a parameter (umc.param): the parameter's name.
  std::map<std::string, std::string> paramStates;
  std::vector<KernelSpec> kernels;
  std::map<std::string, uint32_t> kernelIndex;
};

std::optional<fbs::ScalarOp> binaryOpOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<fbs::ScalarOp>>(op)
      .Case([](arith::AddIOp) { return fbs::ScalarOp::add; })
      .Case([](arith::SubIOp) { return fbs::ScalarOp::sub; })
      .Case([](arith::MulIOp) { return fbs::ScalarOp::mul; })
      .Case([](arith::DivSIOp) { return fbs::ScalarOp::div_s; })
      .Case([](arith::DivUIOp) { return fbs::ScalarOp::div_u; })
      .Case([](arith::RemSIOp) { return fbs::ScalarOp::rem_s; })
      .Case([](arith::RemUIOp) { return fbs::ScalarOp::rem_u; })
      .Case([](arith::MinSIOp) { return fbs::ScalarOp::min_s; })
      .Case([](arith::MaxSIOp) { return fbs::ScalarOp::max_s; })
      .Case([](arith::MinUIOp) { return fbs::ScalarOp::min_u; })
      .Case([](arith::MaxUIOp) { return fbs::ScalarOp::max_u; })
      .Case([](arith::AndIOp) { return fbs::ScalarOp::and_; })
      .Case([](arith::OrIOp) { return fbs::ScalarOp::or_; })
      .Case([](arith::XOrIOp) { return fbs::ScalarOp::xor_; })
      .Case([](arith::ShLIOp) { return fbs::ScalarOp::shl; })
      .Case([](arith::ShRSIOp) { return fbs::ScalarOp::shr_s; })
      .Case([](arith::ShRUIOp) { return fbs::ScalarOp::shr_u; })
      .Case([](arith::AddFOp) { return fbs::ScalarOp::addf; })
      .Case([](arith::SubFOp) { return fbs::ScalarOp::subf; })
      .Case([](arith::MulFOp) { return fbs::ScalarOp::mulf; })
      .Case([](arith::DivFOp) { return fbs::ScalarOp::divf; })
      .Case<arith::MinimumFOp, arith::MinNumFOp>(
          [](auto) { return fbs::ScalarOp::minf; })
      .Case<arith::MaximumFOp, arith::MaxNumFOp>(
          [](auto) { return fbs::ScalarOp::maxf; })
      .Case([](arith::CmpIOp cmp) -> std::optional<fbs::ScalarOp> {
        using P = arith::CmpIPredicate;
        switch (cmp.getPredicate()) {
        case P::eq: return fbs::ScalarOp::cmp_eq;
        case P::ne: return fbs::ScalarOp::cmp_ne;
        case P::slt: return fbs::ScalarOp::cmp_slt;
        case P::sle: return fbs::ScalarOp::cmp_sle;
        case P::sgt: return fbs::ScalarOp::cmp_sgt;
        case P::sge: return fbs::ScalarOp::cmp_sge;
        case P::ult: return fbs::ScalarOp::cmp_ult;
        case P::ule: return fbs::ScalarOp::cmp_ule;
        case P::ugt: return fbs::ScalarOp::cmp_ugt;
        case P::uge: return fbs::ScalarOp::cmp_uge;
        }
        return std::nullopt;
      })
      .Case([](arith::CmpFOp cmp) -> std::optional<fbs::ScalarOp> {
        using P = arith::CmpFPredicate;
        switch (cmp.getPredicate()) {
        case P::OEQ: return fbs::ScalarOp::cmpf_oeq;
        case P::ONE: return fbs::ScalarOp::cmpf_one;
        case P::OLT: return fbs::ScalarOp::cmpf_olt;
        case P::OLE: return fbs::ScalarOp::cmpf_ole;
        case P::OGT: return fbs::ScalarOp::cmpf_ogt;
        case P::OGE: return fbs::ScalarOp::cmpf_oge;
        case P::UEQ: return fbs::ScalarOp::cmpf_ueq;
        case P::UNE: return fbs::ScalarOp::cmpf_une;
        case P::ULT: return fbs::ScalarOp::cmpf_ult;
        case P::ULE: return fbs::ScalarOp::cmpf_ule;
        case P::UGT: return fbs::ScalarOp::cmpf_ugt;
        case P::UGE: return fbs::ScalarOp::cmpf_uge;
        case P::ORD: return fbs::ScalarOp::cmpf_ord;
        case P::UNO: return fbs::ScalarOp::cmpf_uno;
        default: return std::nullopt; // AlwaysTrue/False fold away
        }
      })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<fbs::ScalarOp> unaryOpOf(Operation *op) {
  if (isa<arith::NegFOp>(op))
    return fbs::ScalarOp::negf;
  if (isa<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp,
          arith::SIToFPOp, arith::FPToSIOp, arith::ExtFOp, arith::TruncFOp>(op))
    return fbs::ScalarOp::convert_s;
  if (isa<arith::IndexCastUIOp, arith::ExtUIOp, arith::UIToFPOp,
          arith::FPToUIOp>(op))
    return fbs::ScalarOp::convert_u;
  if (isa<arith::BitcastOp>(op))
    return fbs::ScalarOp::bitcast;
  return std::nullopt;
}

class FunctionWriter {
public:
  FunctionWriter(func::FuncOp func, ModuleTables &tables)
      : func(func), tables(tables) {}

  LogicalResult write() {
    if (failed(bindArguments()) || failed(emitBlock(func.getBody().front())))
      return failure();
    return success();
  }

  /// Adds the function's parameters to the module's, so that a parameter
  /// state finds its parameter whichever function is written first.
  LogicalResult registerParams() {
    for (BlockArgument arg : func.getArguments()) {
      unsigned i = arg.getArgNumber();
      auto name =
          func.getArgAttrOfType<StringAttr>(i, UmcDialect::kParamAttrName);
      if (!name)
        continue;
      FailureOr<BufferType> type = bufferTypeOf(func, arg.getType());
      if (failed(type) || failed(paramIndex(i, name.getValue(), *type)))
        return failure();
    }
    return success();
  }

  Offset<fbs::Function> build(FlatBufferBuilder &fbb) {
    std::vector<Offset<fbs::TensorType>> inputTypes, outputTypes;
    for (const BufferType &t : inputs)
      inputTypes.push_back(tensorType(fbb, t));
    for (const BufferType &t : outputs)
      outputTypes.push_back(tensorType(fbb, t));
    std::vector<Offset<fbs::View>> viewTables;
    for (const View &v : views)
      viewTables.push_back(fbs::CreateView(fbb, v.storage, v.index, v.offset,
                                           tensorType(fbb, v.type)));
    std::vector<Offset<fbs::Instruction>> instructions;
    for (const Instruction &i : code)
      instructions.push_back(fbs::CreateInstructionDirect(
          fbb, i.opcode, i.op, i.kernel, &i.views, i.dst, &i.operands,
          i.intValue, i.floatValue, i.target, i.targetFalse));
    auto arena = func->getAttrOfType<IntegerAttr>(
        host::HostDialect::kArenaBytesAttrName);
    std::string name = func.getName().str();
    auto role = func->getAttrOfType<StringAttr>(attrs::kRole);
    auto context = func->getAttrOfType<IntegerAttr>(attrs::kContext);
    auto sampler = func->getAttrOfType<StringAttr>(attrs::kSampler);
    std::vector<Offset<flatbuffers::String>> names;
    for (const std::string &n : inputNames)
      names.push_back(fbb.CreateString(n));
    bool named = llvm::any_of(inputNames,
                              [](const std::string &n) { return !n.empty(); });
    return fbs::CreateFunctionDirect(
        fbb, name.c_str(), &inputTypes, &outputTypes, &params, &viewTables,
        &registers,
        &instructions, arena ? static_cast<uint64_t>(arena.getInt()) : 0,
        role ? role.getValue().str().c_str() : nullptr,
        context ? static_cast<uint64_t>(context.getInt()) : 0,
        sampler ? sampler.getValue().str().c_str() : nullptr,
        named ? &names : nullptr);
  }

private:
  LogicalResult bindArguments() {
    for (BlockArgument arg : func.getArguments()) {
      unsigned i = arg.getArgNumber();
      FailureOr<BufferType> type = bufferTypeOf(func, arg.getType());
      if (failed(type))
        return failure();
      if (auto result = func.getArgAttrOfType<IntegerAttr>(
              i, host::HostDialect::kResultAttrName)) {
        if (result.getInt() != static_cast<int64_t>(outputs.size()))
          return func.emitError("out-parameters must follow the inputs, in "
                                "result order");
        roots[arg] = {fbs::StorageKind::output,
                      static_cast<uint32_t>(outputs.size()), 0, *type};
        outputs.push_back(*type);
        continue;
      }
      if (!outputs.empty())
        return func.emitError("argument ")
               << i << " is an input after an out-parameter";
      if (auto name =
              func.getArgAttrOfType<StringAttr>(i, UmcDialect::kParamAttrName)) {
        FailureOr<uint32_t> index = paramIndex(i, name.getValue(), *type);
        if (failed(index))
          return failure();
        roots[arg] = {fbs::StorageKind::param, *index, 0, *type};
        params.push_back(*index);
        continue;
      }
      roots[arg] = {fbs::StorageKind::input,
                    static_cast<uint32_t>(inputs.size()), 0, *type};
      inputs.push_back(*type);
      auto inputName = func.getArgAttrOfType<StringAttr>(i, attrs::kInput);
      inputNames.push_back(inputName ? inputName.str() : std::string());
    }
    return success();
  }

  FailureOr<uint32_t> paramIndex(unsigned arg, StringRef name,
                                 const BufferType &type) {
    auto [it, inserted] =
        tables.paramIndex.try_emplace(name.str(), tables.params.size());
    if (!inserted) {
      if (!(tables.params[it->second].type == type))
        return func.emitError("parameter '")
               << name << "' has another type in another entry point";
      return it->second;
    }
    fbs::InitKind init = fbs::InitKind::normal;
    if (auto kind = func.getArgAttrOfType<StringAttr>(
            arg, host::HostDialect::kParamInitAttrName)) {
      if (kind.getValue() == "zeros")
        init = fbs::InitKind::zeros;
      else if (kind.getValue() == "ones")
        init = fbs::InitKind::ones;
    }
    tables.params.push_back({name.str(), type, init});
    return it->second;
  }

  /// The view of a buffer value, following reinterpretations to the storage.
  FailureOr<uint32_t> viewOf(Operation *user, Value buffer) {
    FailureOr<View> view = resolve(user, buffer);
    if (failed(view))
      return failure();
    auto [it, inserted] = viewIndex.try_emplace(*view, views.size());
    if (inserted)
      views.push_back(*view);
    return it->second;
  }

  FailureOr<View> resolve(Operation *user, Value buffer) {
    FailureOr<BufferType> type = bufferTypeOf(user, buffer.getType());
    if (failed(type))
      return failure();
    if (auto arg = dyn_cast<BlockArgument>(buffer)) {
      auto it = roots.find(arg);
      if (it == roots.end())
        return user->emitError("a buffer carried by a block argument cannot "
                               "be serialized; run umc-build-host-program");
      View view = it->second;
      view.type = *type;
      return view;
    }
    Operation *def = buffer.getDefiningOp();
    if (auto reinterpret = dyn_cast<host::ReinterpretOp>(def)) {
      FailureOr<View> source = resolve(user, reinterpret.getSource());
      if (failed(source))
        return failure();
      source->type = *type;
      return source;
    }
    if (auto arena = dyn_cast<host::ArenaViewOp>(def))
      return View{fbs::StorageKind::arena, 0,
                  static_cast<uint64_t>(arena.getOffset()), *type};
    if (auto global = dyn_cast<memref::GetGlobalOp>(def)) {
      auto param = tables.paramStates.find(global.getName().str());
      if (param != tables.paramStates.end()) {
        auto index = tables.paramIndex.find(param->second);
        if (index == tables.paramIndex.end())
          return global.emitError("state ")
                 << global.getNameAttr() << " holds parameter '"
                 << param->second
                 << "', which no entry point takes as an argument";
        if (!(tables.params[index->second].type == *type))
          return global.emitError("state ")
                 << global.getNameAttr() << " has another type than "
                 << "parameter '" << param->second << "'";
        if (!llvm::is_contained(params, index->second))
          params.push_back(index->second);
        return View{fbs::StorageKind::param, index->second, 0, *type};
      }
      auto it = tables.stateIndex.find(global.getName().str());
      if (it == tables.stateIndex.end())
        return global.emitError("no state named ") << global.getNameAttr();
      return View{fbs::StorageKind::state, it->second, 0, *type};
    }
    return def->emitError("'")
           << def->getName()
           << "' makes a buffer the artifact cannot describe; buffers are "
              "arguments, arena views, state or reinterpretations of them "
              "(run umc-plan-host-memory)";
  }

  FailureOr<uint32_t> registerOf(Operation *where, Value value) {
    auto it = registerIndex.find(value);
    if (it != registerIndex.end())
      return it->second;
    return newRegister(where, value);
  }

  FailureOr<uint32_t> newRegister(Operation *where, Value value) {
    std::optional<fbs::ScalarType> type = scalarTypeOf(value.getType());
    if (!type)
      return where->emitError("a host scalar of type ")
             << value.getType() << " has no register type";
    uint32_t index = registers.size();
    registers.push_back(*type);
    registerIndex[value] = index;
    return index;
  }

  /// A fresh register of `value`'s type that no value names.
  FailureOr<uint32_t> temporary(Operation *where, Value value) {
    std::optional<fbs::ScalarType> type = scalarTypeOf(value.getType());
    if (!type)
      return where->emitError("a host scalar of type ")
             << value.getType() << " has no register type";
    registers.push_back(*type);
    return static_cast<uint32_t>(registers.size() - 1);
  }

  void move(uint32_t from, uint32_t to) {
    Instruction i{fbs::Opcode::unary};
    i.op = fbs::ScalarOp::convert_s;
    i.dst = to;
    i.operands = {from};
    code.push_back(i);
  }

  /// Assigns `values` to the registers `to` as one parallel assignment
  /// (through temporaries: a loop may yield its arguments swapped).
  LogicalResult parallelMove(Operation *where, ValueRange values,
                             ArrayRef<uint32_t> to) {
    SmallVector<uint32_t> temps;
    for (Value v : values) {
      FailureOr<uint32_t> from = registerOf(where, v);
      FailureOr<uint32_t> temp = temporary(where, v);
      if (failed(from) || failed(temp))
        return failure();
      move(*from, *temp);
      temps.push_back(*temp);
    }
    for (auto [temp, dst] : llvm::zip(temps, to))
      move(temp, dst);
    return success();
  }

  FailureOr<SmallVector<uint32_t>> registersFor(Operation *where,
                                                ValueRange values) {
    SmallVector<uint32_t> result;
    for (Value v : values) {
      FailureOr<uint32_t> r = newRegister(where, v);
      if (failed(r))
        return failure();
      result.push_back(*r);
    }
    return result;
  }

  uint32_t here() const { return static_cast<uint32_t>(code.size()); }

  size_t emitBranch() {
    code.push_back(Instruction{fbs::Opcode::branch});
    return code.size() - 1;
  }

  /// A branch on `cond` that falls through to the next instruction when
  /// true; its index, so that the caller sets `targetFalse` once known.
  size_t emitCondBranch(uint32_t cond) {
    Instruction branch{fbs::Opcode::cond_branch};
    branch.operands = {cond};
    branch.target = here() + 1;
    code.push_back(branch);
    return code.size() - 1;
  }

  LogicalResult emitBlock(Block &block) {
    for (Operation &op : block)
      if (failed(emit(op)))
        return failure();
    return success();
  }

  LogicalResult emitBody(Block &block) {
    for (Operation &op : block.without_terminator())
      if (failed(emit(op)))
        return failure();
    return success();
  }

  LogicalResult emit(Operation &op) {
    if (isa<host::ArenaViewOp, host::ReinterpretOp, memref::GetGlobalOp>(op))
      return success(); // views: resolved where they are used
    if (auto dispatch = dyn_cast<host::DispatchOp>(op))
      return emitDispatch(dispatch);
    if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      FailureOr<uint32_t> from = viewOf(&op, copy.getSource());
      FailureOr<uint32_t> to = viewOf(&op, copy.getTarget());
      if (failed(from) || failed(to))
        return failure();
      Instruction i{fbs::Opcode::copy};
      i.views = {*from, *to};
      code.push_back(i);
      return success();
    }
    if (auto fill = dyn_cast<host::FillOp>(op)) {
      FailureOr<uint32_t> target = viewOf(&op, fill.getTarget());
      FailureOr<uint32_t> value = registerOf(&op, fill.getValue());
      if (failed(target) || failed(value))
        return failure();
      Instruction i{fbs::Opcode::fill};
      i.views = {*target};
      i.operands = {*value};
      code.push_back(i);
      return success();
    }
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      Instruction i{fbs::Opcode::load};
      FailureOr<uint32_t> view = viewOf(&op, load.getMemRef());
      FailureOr<uint32_t> dst = newRegister(&op, load.getResult());
      if (failed(view) || failed(dst))
        return failure();
      i.views = {*view};
      i.dst = *dst;
      for (Value index : load.getIndices()) {
        FailureOr<uint32_t> r = registerOf(&op, index);
        if (failed(r))
          return failure();
        i.operands.push_back(*r);
      }
      code.push_back(i);
      return success();
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      Instruction i{fbs::Opcode::store};
      FailureOr<uint32_t> view = viewOf(&op, store.getMemRef());
      FailureOr<uint32_t> value = registerOf(&op, store.getValue());
      if (failed(view) || failed(value))
        return failure();
      i.views = {*view};
      i.operands = {*value};
      for (Value index : store.getIndices()) {
        FailureOr<uint32_t> r = registerOf(&op, index);
        if (failed(r))
          return failure();
        i.operands.push_back(*r);
      }
      code.push_back(i);
      return success();
    }
    if (auto constant = dyn_cast<arith::ConstantOp>(op))
      return emitConstant(constant);
    if (auto select = dyn_cast<arith::SelectOp>(op))
      return emitScalar(op, fbs::Opcode::select, fbs::ScalarOp::none);
    if (std::optional<fbs::ScalarOp> binary = binaryOpOf(&op))
      return emitScalar(op, fbs::Opcode::binary, *binary);
    if (std::optional<fbs::ScalarOp> unary = unaryOpOf(&op))
      return emitScalar(op, fbs::Opcode::unary, *unary);
    if (auto forOp = dyn_cast<scf::ForOp>(op))
      return emitFor(forOp);
    if (auto whileOp = dyn_cast<scf::WhileOp>(op))
      return emitWhile(whileOp);
    if (auto ifOp = dyn_cast<scf::IfOp>(op))
      return emitIf(ifOp);
    if (isa<func::ReturnOp>(op)) {
      code.push_back(Instruction{fbs::Opcode::return_});
      return success();
    }
    return op.emitError("'") << op.getName()
                             << "' has no instruction in the artifact's host "
                                "bytecode";
  }

  LogicalResult emitDispatch(host::DispatchOp dispatch) {
    std::string name = dispatch.getKernel().getLeafReference().str();
    Instruction i{fbs::Opcode::dispatch};
    std::vector<BufferType> bindings;
    for (Value buffer : llvm::concat<Value>(dispatch.getIns(),
                                            dispatch.getOuts())) {
      FailureOr<uint32_t> view = viewOf(dispatch, buffer);
      if (failed(view))
        return failure();
      i.views.push_back(*view);
      bindings.push_back(views[*view].type);
    }
    FailureOr<std::vector<IndexCheck>> checks = indexChecksOf(dispatch);
    if (failed(checks))
      return failure();
    auto [it, inserted] =
        tables.kernelIndex.try_emplace(name, tables.kernels.size());
    if (inserted)
      tables.kernels.push_back({name, bindings,
                                static_cast<uint32_t>(dispatch.getIns().size()),
                                std::move(*checks)});
    else if (tables.kernels[it->second].bindings != bindings)
      return dispatch.emitError("binds other types than another dispatch of ")
             << dispatch.getKernel();
    else if (tables.kernels[it->second].indexChecks != *checks)
      return dispatch.emitError("checks other indices than another dispatch "
                                "of ")
             << dispatch.getKernel();
    i.kernel = it->second;
    code.push_back(i);
    return success();
  }

  LogicalResult emitConstant(arith::ConstantOp constant) {
    Instruction i{fbs::Opcode::constant};
    FailureOr<uint32_t> dst = newRegister(constant, constant.getResult());
    if (failed(dst))
      return failure();
    i.dst = *dst;
    if (auto integer = dyn_cast<IntegerAttr>(constant.getValue())) {
      i.intValue = integer.getType().isInteger(1) ? integer.getValue().getZExtValue()
                                                   : integer.getValue().getSExtValue();
    } else if (auto real = dyn_cast<FloatAttr>(constant.getValue())) {
      i.floatValue = real.getValueAsDouble();
    } else {
      return constant.emitError("host constants are integers or floats");
    }
    code.push_back(i);
    return success();
  }

  LogicalResult emitScalar(Operation &op, fbs::Opcode opcode,
                           fbs::ScalarOp scalarOp) {
    Instruction i{opcode};
    i.op = scalarOp;
    for (Value operand : op.getOperands()) {
      FailureOr<uint32_t> r = registerOf(&op, operand);
      if (failed(r))
        return failure();
      i.operands.push_back(*r);
    }
    FailureOr<uint32_t> dst = newRegister(&op, op.getResult(0));
    if (failed(dst))
      return failure();
    i.dst = *dst;
    code.push_back(i);
    return success();
  }

  //   iv = lb; args = inits
  // head: c = iv < ub; cond_branch c, body, exit
  // body: ...; args = yields; iv = iv + step; branch head
  // exit:
  LogicalResult emitFor(scf::ForOp forOp) {
    Operation *op = forOp;
    FailureOr<SmallVector<uint32_t>> iv =
        registersFor(op, forOp.getInductionVar());
    FailureOr<SmallVector<uint32_t>> args =
        registersFor(op, forOp.getRegionIterArgs());
    if (failed(iv) || failed(args) ||
        failed(parallelMove(op, forOp.getLowerBound(), *iv)) ||
        failed(parallelMove(op, forOp.getInitArgs(), *args)))
      return failure();
    FailureOr<uint32_t> ub = registerOf(op, forOp.getUpperBound());
    FailureOr<uint32_t> step = registerOf(op, forOp.getStep());
    FailureOr<uint32_t> cond = temporary(op, forOp.getLowerBound());
    if (failed(ub) || failed(step) || failed(cond))
      return failure();
    registers[*cond] = fbs::ScalarType::i1;
    uint32_t head = here();
    Instruction compare{fbs::Opcode::binary};
    compare.op = forOp.getUnsignedCmp() ? fbs::ScalarOp::cmp_ult
                                        : fbs::ScalarOp::cmp_slt;
    compare.dst = *cond;
    compare.operands = {(*iv)[0], *ub};
    code.push_back(compare);
    size_t exitBranch = emitCondBranch(*cond);
    if (failed(emitBody(*forOp.getBody())))
      return failure();
    auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
    if (failed(parallelMove(yield, yield.getOperands(), *args)))
      return failure();
    Instruction increment{fbs::Opcode::binary};
    increment.op = fbs::ScalarOp::add;
    increment.dst = (*iv)[0];
    increment.operands = {(*iv)[0], *step};
    code.push_back(increment);
    code[emitBranch()].target = head;
    code[exitBranch].targetFalse = here();
    for (auto [result, reg] : llvm::zip(forOp.getResults(), *args))
      registerIndex[result] = reg;
    return success();
  }

  //   before = inits
  // before: ...; forwarded = condition args; cond_branch c, after, exit
  // after:  ...; before = yields; branch before
  // exit:   results = forwarded
  LogicalResult emitWhile(scf::WhileOp whileOp) {
    Operation *op = whileOp;
    FailureOr<SmallVector<uint32_t>> before =
        registersFor(op, whileOp.getBeforeArguments());
    FailureOr<SmallVector<uint32_t>> forwarded =
        registersFor(op, whileOp.getAfterArguments());
    if (failed(before) || failed(forwarded) ||
        failed(parallelMove(op, whileOp.getInits(), *before)))
      return failure();
    uint32_t head = here();
    if (failed(emitBody(whileOp.getBefore().front())))
      return failure();
    scf::ConditionOp condition = whileOp.getConditionOp();
    if (failed(parallelMove(condition, condition.getArgs(), *forwarded)))
      return failure();
    FailureOr<uint32_t> cond = registerOf(condition, condition.getCondition());
    if (failed(cond))
      return failure();
    size_t exitBranch = emitCondBranch(*cond);
    if (failed(emitBody(whileOp.getAfter().front())))
      return failure();
    scf::YieldOp yield = whileOp.getYieldOp();
    if (failed(parallelMove(yield, yield.getOperands(), *before)))
      return failure();
    code[emitBranch()].target = head;
    code[exitBranch].targetFalse = here();
    for (auto [result, reg] : llvm::zip(whileOp.getResults(), *forwarded))
      registerIndex[result] = reg;
    return success();
  }

  //   cond_branch c, then, else
  // then: ...; results = yields; branch end
  // else: ...; results = yields
  // end:
  LogicalResult emitIf(scf::IfOp ifOp) {
    Operation *op = ifOp;
    FailureOr<SmallVector<uint32_t>> results =
        registersFor(op, ifOp.getResults());
    FailureOr<uint32_t> cond = registerOf(op, ifOp.getCondition());
    if (failed(results) || failed(cond))
      return failure();
    size_t elseBranch = emitCondBranch(*cond);
    auto emitBranchBody = [&](Region &region) -> LogicalResult {
      if (region.empty())
        return success();
      if (failed(emitBody(region.front())))
        return failure();
      auto yield = cast<scf::YieldOp>(region.front().getTerminator());
      return parallelMove(yield, yield.getOperands(), *results);
    };
    if (failed(emitBranchBody(ifOp.getThenRegion())))
      return failure();
    size_t endBranch = emitBranch();
    code[elseBranch].targetFalse = here();
    if (failed(emitBranchBody(ifOp.getElseRegion())))
      return failure();
    code[endBranch].target = here();
    return success();
  }

  func::FuncOp func;
  ModuleTables &tables;
  DenseMap<Value, View> roots;
  std::vector<BufferType> inputs, outputs;
  std::vector<std::string> inputNames;
  std::vector<uint32_t> params;
  std::vector<View> views;
  std::map<View, uint32_t> viewIndex;
  std::vector<fbs::ScalarType> registers;
  DenseMap<Value, uint32_t> registerIndex;
  std::vector<Instruction> code;
};

Offset<fbs::Executable>
executable(FlatBufferBuilder &fbb, const SerializedExecutable &exe,
           const ModuleTables &tables) {
  std::vector<Offset<fbs::EntryPoint>> entries;
  for (const KernelEntryPoint &entry : exe.entryPoints) {
    auto it = tables.kernelIndex.find(entry.kernel);
    if (it == tables.kernelIndex.end())
      continue; // compiled, but no host function dispatches it
    entries.push_back(fbs::CreateEntryPointDirect(
        fbb, it->second, entry.symbol.c_str(), entry.workgroups));
  }
  return fbs::CreateExecutableDirect(
      fbb, exe.target.c_str(), exe.format.c_str(), exe.abiVersion,
      exe.triple.c_str(), exe.cpu.c_str(), exe.features.c_str(), &exe.image,
      &entries);
}

/// Each kernel's source ops and flops, from the first executable that has
/// them.
std::vector<Offset<fbs::Kernel>>
kernelTables(FlatBufferBuilder &fbb, const ModuleTables &tables,
             ArrayRef<SerializedExecutable> executables) {
  std::vector<Offset<fbs::Kernel>> kernels;
  for (const KernelSpec &kernel : tables.kernels) {
    const KernelEntryPoint *info = nullptr;
    for (const SerializedExecutable &exe : executables)
      for (const KernelEntryPoint &entry : exe.entryPoints)
        if (!info && entry.kernel == kernel.name)
          info = &entry;
    std::vector<Offset<fbs::SourceOp>> sourceOps;
    if (info)
      for (const SourceOpInfo &op : info->sourceOps)
        sourceOps.push_back(fbs::CreateSourceOpDirect(fbb, op.name.c_str(),
                                                      op.location.c_str()));
    std::vector<Offset<fbs::TensorType>> bindings;
    for (const BufferType &t : kernel.bindings)
      bindings.push_back(tensorType(fbb, t));
    std::vector<Offset<fbs::IndexCheck>> checks;
    for (const IndexCheck &check : kernel.indexChecks)
      checks.push_back(fbs::CreateIndexCheckDirect(
          fbb, check.binding, check.bound, check.op.c_str(),
          check.location.c_str(), check.noun.c_str(), check.range.c_str()));
    // Absent rather than empty when there are none, as in a 2.0 artifact.
    kernels.push_back(fbs::CreateKernelDirect(
        fbb, kernel.name.c_str(), &bindings, kernel.numInputs, &sourceOps,
        info ? info->flops : 0, checks.empty() ? nullptr : &checks));
  }
  return kernels;
}

} // namespace

std::vector<SourceOpInfo> sourceOpsFrom(ArrayAttr ops) {
  std::vector<SourceOpInfo> result;
  for (auto op : ops.getAsRange<DictionaryAttr>()) {
    auto name = op.getAs<StringAttr>("name");
    auto loc = op.getAs<StringAttr>("loc");
    if (name && loc)
      result.push_back({name.str(), loc.str()});
  }
  return result;
}

FailureOr<std::vector<uint8_t>>
writeArtifact(ModuleOp module, ArrayRef<SerializedExecutable> executables,
              const Provenance &provenance) {
  ModuleTables tables;
  for (auto global : module.getOps<memref::GlobalOp>()) {
    if (auto param =
            global->getAttrOfType<StringAttr>(UmcDialect::kParamAttrName)) {
      tables.paramStates[global.getSymName().str()] = param.str();
      continue;
    }
    FailureOr<BufferType> type = bufferTypeOf(global, global.getType());
    if (failed(type))
      return failure();
    tables.stateIndex[global.getSymName().str()] = tables.states.size();
    tables.states.push_back({global.getSymName().str(), *type});
  }
  SmallVector<func::FuncOp> entries;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isDeclaration() && func.isPublic())
      entries.push_back(func);
  for (func::FuncOp func : entries)
    if (failed(FunctionWriter(func, tables).registerParams()))
      return failure();
  FlatBufferBuilder fbb(1 << 16);
  std::vector<Offset<fbs::Function>> functions;
  for (func::FuncOp func : entries) {
    FunctionWriter writer(func, tables);
    if (failed(writer.write()))
      return failure();
    functions.push_back(writer.build(fbb));
  }
  if (functions.empty())
    return module.emitError("no host function to serialize; run "
                            "umc-build-host-program first");
  for (const KernelSpec &kernel : tables.kernels) {
    bool compiled = llvm::any_of(executables, [&](const SerializedExecutable &e) {
      return llvm::any_of(e.entryPoints, [&](const KernelEntryPoint &entry) {
        return entry.kernel == kernel.name;
      });
    });
    if (!compiled)
      return module.emitError("kernel '")
             << kernel.name << "' is dispatched but no executable holds it";
  }

  std::vector<Offset<fbs::ParamSpec>> params;
  for (const ParamSpec &param : tables.params)
    params.push_back(fbs::CreateParamSpecDirect(
        fbb, param.name.c_str(), tensorType(fbb, param.type), param.init,
        param.init == fbs::InitKind::normal ? 0.02f : 0.0f));
  std::vector<Offset<fbs::StateSpec>> states;
  for (const auto &[name, type] : tables.states)
    states.push_back(
        fbs::CreateStateSpecDirect(fbb, name.c_str(), tensorType(fbb, type)));
  std::vector<Offset<fbs::Kernel>> kernels =
      kernelTables(fbb, tables, executables);
  std::vector<Offset<fbs::Executable>> exes;
  for (const SerializedExecutable &exe : executables)
    exes.push_back(executable(fbb, exe, tables));
  std::vector<Offset<flatbuffers::String>> flags;
  for (const std::string &flag : provenance.flags)
    flags.push_back(fbb.CreateString(flag));
  auto origin = fbs::CreateProvenanceDirect(
      fbb, provenance.compilerVersion.c_str(), provenance.gitRevision.c_str(),
      &flags, provenance.target.c_str(), provenance.sourceName.c_str(),
      provenance.sourceSha256.c_str());
  fbs::Version version(provenance.schemaMajor, provenance.schemaMinor);
  std::string tokenizer;
  if (auto attr = module->getAttrOfType<StringAttr>(attrs::kTokenizer))
    tokenizer = attr.getValue().str();
  // A placeholder that is not the default, so that the field is stored and
  // can be filled in once the bytes around it are final.
  uint64_t placeholder = ~uint64_t(0);
  auto root = fbs::CreateModuleDirect(
      fbb, &version, &functions, &params, &states, &kernels, &exes, origin,
      placeholder, tokenizer.empty() ? nullptr : tokenizer.c_str());
  fbs::FinishModuleBuffer(fbb, root);
  std::vector<uint8_t> bytes(fbb.GetBufferPointer(),
                             fbb.GetBufferPointer() + fbb.GetSize());

  const auto *table = reinterpret_cast<const flatbuffers::Table *>(
      fbs::GetModule(bytes.data()));
  size_t offset = table->GetAddressOf(fbs::Module::VT_CHECKSUM) - bytes.data();
  uint64_t checksum = artifactChecksum(bytes.data(), bytes.size(), offset);
  flatbuffers::WriteScalar(bytes.data() + offset, checksum);
  return bytes;
}

} // namespace umc
