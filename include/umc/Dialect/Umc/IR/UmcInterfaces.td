//===- UmcInterfaces.td - what passes ask of a umc op ------*- tablegen -*-===//
//
// Passes ask an op what they need to know of it through these interfaces
// (and the traits of UmcOps.td), never through a list of op kinds: a new op
// answers for itself in its ODS and its own .cpp.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_UMCINTERFACES_TD
#define UMC_DIALECT_UMC_IR_UMCINTERFACES_TD

include "mlir/IR/OpBase.td"

def Umc_CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::umc";
  let description = [{
    What one execution of the op costs in arithmetic: profiles divide it by
    time (GFLOP/s) and heuristics weigh kernels by it. Ops whose cost is
    memory traffic (elementwise, norms, reshapes) do not implement it.
  }];
  let methods = [
    InterfaceMethod<
      "Floating-point operations of one execution (2 per multiply-add)",
      "uint64_t", "getFlops">
  ];
}

def Umc_ParamInitOpInterface : OpInterface<"ParamInitOpInterface"> {
  let cppNamespace = "::umc";
  let description = [{
    How a parameter the op reads starts when no checkpoint provides it
    (`umc-run --init-params`): a norm's scale at one, a bias at zero, a
    weight at a small normal. `umc-build-host-program` asks the op that
    reads each parameter.
  }];
  let methods = [
    InterfaceMethod<
      "How a parameter read as operand `index` starts, if the op knows",
      "std::optional<::umc::ParamInit>", "getParamInit",
      (ins "unsigned":$index)>
  ];
}

def Umc_IndexCheckOpInterface : OpInterface<"IndexCheckOpInterface"> {
  let cppNamespace = "::umc";
  let description = [{
    Integer operands read at run time that must lie in a range the shapes
    fix: an embedding id below the table's rows, an update_slice offset at
    which the update fits. The kernel clamps them so that it never touches
    memory outside its buffers, and `umc-outline-kernels` records them
    (`umc.index_checks`) so that the runtime checks them before the dispatch
    and fails the call, naming the op, instead of computing with a clamped
    index (a silent wrong answer).
  }];
  let methods = [
    InterfaceMethod<
      "Appends the operands to check, each with its range [0, bound)",
      "void", "getIndexRanges",
      (ins "::llvm::SmallVectorImpl<::umc::IndexRange> &":$ranges)>
  ];
}

def Umc_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::umc";
  let description = [{
    The op's reverse-mode gradient rule, beside its definition: given the
    gradients of its results, build those of its operands (null for an
    operand that needs none). Every umc op has the slot; an op whose rule is
    not written yet fails with a diagnostic at the op, so `umc-autodiff`
    names what is missing instead of guessing.
  }];
  let methods = [
    InterfaceMethod<
      "Builds the gradients of the operands from those of the results",
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGradients,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGradients),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return $_op->emitOpError("has no gradient rule yet");
      }]>
  ];
}

#endif // UMC_DIALECT_UMC_IR_UMCINTERFACES_TD
