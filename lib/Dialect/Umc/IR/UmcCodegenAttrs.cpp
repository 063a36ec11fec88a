//===- UmcCodegenAttrs.cpp - decisions between passes, verified -----------===//
//
// The typed attributes of UmcAttrs.td that codegen passes hand each other,
// and the dialect's verifier of every discardable `umc.*` attribute.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"
#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace umc;

LogicalResult PartitionAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                    int64_t loops, bool splitColumns) {
  if (loops < 0)
    return emitError() << "#umc.partition needs loops >= 0, got " << loops;
  if (splitColumns && loops < 2)
    return emitError() << "#umc.partition: split_columns needs at least 2 "
                          "splittable loops (rows and columns), got "
                       << loops;
  return success();
}

LogicalResult
WorkgroupTilesAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                           ArrayRef<int64_t> sizes) {
  for (int64_t size : sizes)
    if (size < 0)
      return emitError() << "#umc.workgroup_tiles: tile sizes are >= 0 (0: "
                            "the loop is not split), got "
                         << size;
  return success();
}

namespace {

/// The number of loops of `op`, when it has a loop nest to split.
std::optional<size_t> loopCount(Operation *op) {
  if (auto tiling = dyn_cast<TilingInterface>(op))
    return tiling.getLoopIteratorTypes().size();
  return std::nullopt;
}

LogicalResult expectInteger(Operation *op, NamedAttribute attr, int64_t min) {
  auto value = dyn_cast<IntegerAttr>(attr.getValue());
  if (!value || !value.getType().isInteger(64))
    return op->emitError("'") << attr.getName().getValue()
                              << "' must be an i64, got " << attr.getValue();
  if (value.getInt() < min)
    return op->emitError("'") << attr.getName().getValue() << "' must be >= "
                              << min << ", got " << value.getInt();
  return success();
}

LogicalResult verifySourceOps(Operation *op, NamedAttribute attr) {
  auto ops = dyn_cast<ArrayAttr>(attr.getValue());
  auto isEntry = [](Attribute entry) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    return dict && dict.getAs<StringAttr>("name") &&
           dict.getAs<StringAttr>("loc");
  };
  if (!ops || !llvm::all_of(ops, isEntry))
    return op->emitError("'") << attr.getName().getValue()
                              << "' must be a list of {name, loc} strings";
  return success();
}

/// [{binding, bound, loc, noun, op, range}]: on a kernel function, `binding` is one of
/// its arguments; on an op that runs one (umc_host.dispatch), one of its
/// operands. Either way it holds integers, the indices to check.
LogicalResult verifyIndexChecks(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  auto checks = dyn_cast<ArrayAttr>(attr.getValue());
  if (!checks)
    return op->emitError("'") << name
                              << "' must be a list of {binding, bound, loc, "
                                 "noun, op, range}, got "
                              << attr.getValue();
  auto function = dyn_cast<FunctionOpInterface>(op);
  for (Attribute entry : checks) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    auto binding = dict ? dict.getAs<IntegerAttr>("binding") : IntegerAttr();
    auto bound = dict ? dict.getAs<IntegerAttr>("bound") : IntegerAttr();
    auto isString = [&](StringRef key) {
      return dict && dict.getAs<StringAttr>(key);
    };
    if (!binding || !binding.getType().isInteger(64) || !bound ||
        !bound.getType().isInteger(64) || !isString("loc") ||
        !isString("noun") || !isString("op") || !isString("range") ||
        dict.size() != 6)
      return op->emitError("'")
             << name
             << "' entries must be {binding: i64, bound: i64, loc, noun, op, "
                "range: strings}, got "
             << entry;
    if (bound.getInt() < 1)
      return op->emitError("'") << name << "' has bound " << bound.getInt()
                                << "; an index range [0, bound) needs "
                                   "bound >= 1";
    int64_t index = binding.getInt();
    TypeRange types = function ? TypeRange(function.getArgumentTypes())
                               : TypeRange(op->getOperandTypes());
    if (index < 0 || index >= static_cast<int64_t>(types.size()))
      return op->emitError("'") << name << "' checks binding " << index
                                << ", which this op does not have";
    auto shaped = dyn_cast<ShapedType>(types[index]);
    if (!shaped || !shaped.getElementType().isSignlessInteger())
      return op->emitError("'")
             << name << "' checks binding " << index << " of type "
             << types[index] << "; indices are integer tensors or buffers";
  }
  return success();
}

LogicalResult verifySource(Operation *op, NamedAttribute attr) {
  auto dict = dyn_cast<DictionaryAttr>(attr.getValue());
  auto flags = dict ? dict.getAs<ArrayAttr>("flags") : ArrayAttr();
  if (!dict || !dict.getAs<StringAttr>("name") ||
      !dict.getAs<StringAttr>("sha256") || !flags ||
      !llvm::all_of(flags, llvm::IsaPred<StringAttr>))
    return op->emitError("'") << attr.getName().getValue()
                              << "' must be {flags = [strings], name, sha256}";
  return success();
}

} // namespace

LogicalResult UmcDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == attrs::kKernel)
    return expectInteger(op, attr, 0);
  if (name == attrs::kFlops)
    return expectInteger(op, attr, 0);
  if (name == attrs::kWorkgroups || name == attrs::kContext)
    return expectInteger(op, attr, 1);
  if (name == attrs::kInPlaceOperand) {
    if (failed(expectInteger(op, attr, 0)))
      return failure();
    auto function = dyn_cast<FunctionOpInterface>(op);
    int64_t operand = cast<IntegerAttr>(attr.getValue()).getInt();
    if (!function || operand >= static_cast<int64_t>(function.getNumArguments()))
      return op->emitError("'")
             << name << "' names input " << operand
             << ", which this op does not have";
    return success();
  }
  if (name == attrs::kFlashAttention) {
    auto dict = dyn_cast<DictionaryAttr>(attr.getValue());
    auto integer = [&](StringRef key) {
      return dict && dict.getAs<IntegerAttr>(key);
    };
    auto mask = integer("mask") ? dict.getAs<IntegerAttr>("mask").getInt() : -1;
    auto spans = dict ? dict.getAs<DenseI64ArrayAttr>("spans") : nullptr;
    if (!dict || mask < 0 || mask > 3 || !integer("window") ||
        !integer("queries") || !integer("query_shift") || !integer("group") ||
        !dict.getAs<FloatAttr>("scale") ||
        !dict.getAs<BoolAttr>("query_offset") || !spans ||
        spans.size() % 2 != 0 || (mask != 3 && !spans.empty()))
      return op->emitError("'")
             << name
             << "' must be {group, mask = 0|1|2|3, queries, query_offset = "
                "bool, query_shift, scale = f32, spans = array<i64> (start, "
                "end pairs; only for mask 3, omni), window}";
    return success();
  }
  if (name == attrs::kKernelName) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError("'") << name << "' must be a string";
    return success();
  }
  if (name == attrs::kRole) {
    auto role = dyn_cast<StringAttr>(attr.getValue());
    if (!role || !llvm::is_contained(attrs::kRoles, role.getValue())) {
      InFlightDiagnostic diag = op->emitError("'") << name << "' must be one of";
      for (StringRef known : attrs::kRoles)
        diag << " \"" << known << "\"";
      return diag << ", got " << attr.getValue();
    }
    return success();
  }
  if (name == attrs::kLoss) {
    auto function = dyn_cast<FunctionOpInterface>(op);
    if (!isa<UnitAttr>(attr.getValue()) || !function)
      return op->emitError("'")
             << name << "' marks a function and takes no value";
    ArrayRef<Type> results = function.getResultTypes();
    auto loss = results.empty() ? RankedTensorType()
                                : dyn_cast<RankedTensorType>(results.front());
    if (!loss || loss.getRank() != 0 || !isa<FloatType>(loss.getElementType()))
      return op->emitError("'")
             << name << "' needs the function's first result to be the loss, "
             << "a float tensor of rank 0 (tensor<f32>)";
    return success();
  }
  if (name == kParamAttrName) {
    // A parameter state (umc-train-step): the artifact binds the global to
    // the parameter of that name.
    StringRef opName = op->getName().getStringRef();
    auto param = dyn_cast<StringAttr>(attr.getValue());
    if ((opName != "ml_program.global" && opName != "memref.global") ||
        !param || param.getValue().empty())
      return op->emitError("'")
             << name
             << "' on an op marks a state that holds a parameter: it goes on "
                "an ml_program.global and names the parameter (a non-empty "
                "string)";
    return success();
  }
  if (name == attrs::kSampler) {
    auto sampler = dyn_cast<StringAttr>(attr.getValue());
    if (!sampler || !symbolizeSampler(sampler.getValue()))
      return op->emitError("'") << name
                                << "' must be a umc.diffusion_step sampler "
                                   "(flow_euler, flow_heun, ddim), got "
                                << attr.getValue();
    return success();
  }
  if (name == attrs::kTokenizer) {
    auto tokenizer = dyn_cast<StringAttr>(attr.getValue());
    if (!tokenizer || tokenizer.getValue() != "bytes")
      return op->emitError("'") << name
                                << "' must be \"bytes\" (one token per "
                                   "UTF-8 byte), got "
                                << attr.getValue();
    return success();
  }
  if (name == attrs::kSourceOps)
    return verifySourceOps(op, attr);
  if (name == attrs::kSource)
    return verifySource(op, attr);
  if (name == attrs::kIndexChecks)
    return verifyIndexChecks(op, attr);
  if (name == attrs::kPartition) {
    auto partition = dyn_cast<PartitionAttr>(attr.getValue());
    if (!partition)
      return op->emitError("'") << name << "' must be a #umc.partition, got "
                                << attr.getValue();
    std::optional<size_t> loops = loopCount(op);
    if (loops && static_cast<size_t>(partition.getLoops()) > *loops)
      return op->emitError("'")
             << name << "' lets " << partition.getLoops()
             << " loops be split, but the op has " << *loops;
    return success();
  }
  if (name == attrs::kWorkgroupTiles) {
    auto tiles = dyn_cast<WorkgroupTilesAttr>(attr.getValue());
    if (!tiles)
      return op->emitError("'") << name
                                << "' must be a #umc.workgroup_tiles, got "
                                << attr.getValue();
    std::optional<size_t> loops = loopCount(op);
    if (!loops || tiles.getSizes().size() != *loops)
      return op->emitError("'")
             << name << "' has " << tiles.getSizes().size()
             << " tile sizes; it needs one per loop of an op with loops ("
             << (loops ? std::to_string(*loops) : std::string("none here"))
             << ")";
    return success();
  }
  return op->emitError("unknown umc attribute '") << name << "'";
}
