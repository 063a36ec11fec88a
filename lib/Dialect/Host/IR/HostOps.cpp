//===- HostOps.cpp - the host program's ops -------------------------------===//
#include "umc/Dialect/Host/IR/HostOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

#include "umc/Dialect/Host/IR/HostDialect.cpp.inc"

using namespace mlir;
using namespace umc::host;

void HostDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "umc/Dialect/Host/IR/HostOps.cpp.inc"
      >();
}

static uint64_t byteSize(MemRefType type) {
  return static_cast<uint64_t>(type.getNumElements()) *
         ((type.getElementTypeBitWidth() + 7) / 8);
}

//===----------------------------------------------------------------------===//
// ExecutableOp
//===----------------------------------------------------------------------===//

ModuleOp ExecutableOp::getInnerModule() {
  auto modules = getBody().front().getOps<ModuleOp>();
  return modules.empty() ? ModuleOp() : *modules.begin();
}

StringRef ExecutableOp::aliasTarget(StringRef name) {
  DictionaryAttr aliases = getKernelAliasesAttr();
  auto alias = aliases ? aliases.getAs<DictionaryAttr>(name) : nullptr;
  auto target = alias ? alias.getAs<StringAttr>("same_as") : nullptr;
  return target ? target.getValue() : StringRef();
}

Operation *ExecutableOp::lookupKernel(StringRef name) {
  ModuleOp inner = getInnerModule();
  if (!inner)
    return nullptr;
  StringRef target = aliasTarget(name);
  return SymbolTable::lookupSymbolIn(inner, target.empty() ? name : target);
}

LogicalResult ExecutableOp::verify() {
  Block &body = getBody().front();
  if (!llvm::hasSingleElement(body) || !isa<ModuleOp>(body.front()))
    return emitOpError("must hold exactly one 'builtin.module' (its kernels)");
  DictionaryAttr aliases = getKernelAliasesAttr();
  if (!aliases)
    return success();
  for (NamedAttribute alias : aliases) {
    auto entry = dyn_cast<DictionaryAttr>(alias.getValue());
    auto target = entry ? entry.getAs<StringAttr>("same_as") : nullptr;
    if (!target || !entry.getAs<ArrayAttr>("source_ops"))
      return emitOpError("kernel alias '")
             << alias.getName().getValue()
             << "' must be {same_as = \"kernel\", source_ops = [...]}";
    if (SymbolTable::lookupSymbolIn(getInnerModule(), alias.getName()))
      return emitOpError("kernel alias '")
             << alias.getName().getValue() << "' is also a kernel's name";
    if (!SymbolTable::lookupSymbolIn(getInnerModule(), target))
      return emitOpError("kernel alias '")
             << alias.getName().getValue() << "' runs kernel '"
             << target.getValue() << "', which the executable does not hold";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// DispatchOp
//===----------------------------------------------------------------------===//

/// The memref a kernel binds for a tensor (or memref) of its signature.
static MemRefType bindingTypeOf(Type type) {
  if (auto memref = dyn_cast<MemRefType>(type))
    return memref;
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return MemRefType::get(tensor.getShape(), tensor.getElementType());
  return {};
}

LogicalResult DispatchOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SymbolRefAttr ref = getKernel();
  if (ref.getNestedReferences().size() != 1)
    return emitOpError("names a kernel as @executable::@kernel, got ") << ref;
  auto executable = symbols.lookupNearestSymbolFrom<ExecutableOp>(
      *this, ref.getRootReference());
  if (!executable)
    return emitOpError("names executable @")
           << ref.getRootReference().getValue() << ", which does not exist";
  Operation *kernel = executable.lookupKernel(ref.getLeafReference());
  if (!kernel)
    return emitOpError("names kernel ")
           << ref << ", which executable @"
           << ref.getRootReference().getValue() << " does not hold";
  // Once a back end has lowered the kernel (an llvm.func taking raw
  // bindings), only its existence can be checked.
  auto func = dyn_cast<func::FuncOp>(kernel);
  if (!func)
    return success();
  FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != getIns().size() ||
      type.getNumResults() != getOuts().size())
    return emitOpError("binds ")
           << getIns().size() << " inputs and " << getOuts().size()
           << " outputs to kernel " << ref << ", which takes "
           << type.getNumInputs() << " and returns " << type.getNumResults();
  auto check = [&](StringRef what, unsigned i, Type expected,
                   Value bound) -> LogicalResult {
    if (bindingTypeOf(expected) == bound.getType())
      return success();
    return emitOpError() << what << " " << i << " is " << bound.getType()
                         << ", but kernel " << ref << " has "
                         << expected << " there";
  };
  for (auto [i, pair] : llvm::enumerate(llvm::zip(type.getInputs(), getIns())))
    if (failed(check("input", i, std::get<0>(pair), std::get<1>(pair))))
      return failure();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(type.getResults(), getOuts())))
    if (failed(check("output", i, std::get<0>(pair), std::get<1>(pair))))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// ReinterpretOp, FillOp
//===----------------------------------------------------------------------===//

LogicalResult ReinterpretOp::verify() {
  auto from = cast<MemRefType>(getSource().getType());
  auto to = cast<MemRefType>(getResult().getType());
  if (byteSize(from) != byteSize(to))
    return emitOpError("views ")
           << byteSize(from) << " bytes as " << to << ", which holds "
           << byteSize(to);
  if (!from.getLayout().isIdentity() || !to.getLayout().isIdentity())
    return emitOpError("needs contiguous buffers (identity layouts)");
  return success();
}

LogicalResult FillOp::verify() {
  Type element = cast<MemRefType>(getTarget().getType()).getElementType();
  if (getValue().getType() != element)
    return emitOpError("fills a buffer of ")
           << element << " with a " << getValue().getType();
  return success();
}

#define GET_OP_CLASSES
#include "umc/Dialect/Host/IR/HostOps.cpp.inc"
