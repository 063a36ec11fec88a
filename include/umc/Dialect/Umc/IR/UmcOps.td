//===- UmcOps.td - the primitive ops of umc ----------------*- tablegen -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCOPS_TD
#define UMC_DIALECT_UMC_IR_UMCOPS_TD

include "umc/Dialect/Umc/IR/UmcDialect.td"
include "umc/Dialect/Umc/IR/UmcAttrs.td"
include "mlir/IR/BuiltinTypes.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Traits passes ask about (UmcTraits.h)
//===----------------------------------------------------------------------===//

// Each element of the result depends only on the operands' elements at the
// same index (after broadcasting). umc-fuse chains such ops into one kernel,
// and a kernel made only of them may write its result over an operand of
// the result's shape (a state updated in place).
def Umc_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::umc::OpTrait";
}

// The result may be computed in the buffer of the first operand: an element
// of that operand is read, if at all, only for the same element of the
// result. A kernel of one such op may write its result over a state it reads
// for the last time (a KV cache appended to in place).
def Umc_InPlaceOverInput : NativeOpTrait<"InPlaceOverInput"> {
  let cppNamespace = "::umc::OpTrait";
}

//===----------------------------------------------------------------------===//
// Tensor kinds
//===----------------------------------------------------------------------===//

def Umc_FloatTensor : StaticShapeTensorOf<[F32, BF16, F16]>;
def Umc_IndexTensor : StaticShapeTensorOf<[I32, I64]>;
def Umc_Tensor : StaticShapeTensorOf<[F32, BF16, F16, I8, I32, I64]>;

def Umc_PositiveF64 : AttrConstraint<
    CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() > 0.0">,
    "whose value is positive">;
def Umc_NonNegativeF64 : AttrConstraint<
    CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() >= 0.0">,
    "whose value is non-negative">;
class Umc_Epsilon<string default>
    : DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_NonNegativeF64]>, default>;

// Result type inference for the builders, checked by the op's own verifier.
// The interface's generic check would add a second, vaguer error ("failed to
// infer returned types") after every shape error, so refineReturnTypes
// accepts and `verify()` compares the written result type with the inferred
// one instead (UmcOps.cpp).
def Umc_InferResultType : InferTypeOpAdaptorBase<[{
    static ::llvm::LogicalResult refineReturnTypes(::mlir::MLIRContext *,
        ::std::optional<::mlir::Location>, ::mlir::ValueRange,
        ::mlir::DictionaryAttr, ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &) {
      return ::mlir::success();
    }
  }]>;

class Umc_InferringOp<string mnemonic, list<Trait> traits = []>
    : Umc_Op<mnemonic, !listconcat([Pure, Umc_InferResultType], traits)> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Umc_BinaryOp<string mnemonic, string math, list<Trait> traits = [],
                   string note = "">
    : Umc_InferringOp<mnemonic,
                      !listconcat(traits, [Umc_Elementwise, Umc_GradientRule])> {
  let summary = "elementwise " # mnemonic # " with NumPy broadcasting";
  let description = [{
    `result[i] = }] # math # [{` elementwise, where the operands broadcast as
    in NumPy: shapes are aligned at their last dimension, and a dimension of
    size 1 (or a missing leading one) stretches to the other's size. Both
    operands have the same element type. Integer division truncates; it
    never traps: `x / 0` is 0, and the most negative value divided by -1
    wraps to itself. }] # note # [{

    Example:

    ```mlir
    %y = umc.}] # mnemonic # [{ %x, %bias : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$lhs, Umc_Tensor:$rhs);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_AddOp : Umc_BinaryOp<"add", "lhs[i] + rhs[i]", [DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]>;
def Umc_SubOp : Umc_BinaryOp<"sub", "lhs[i] - rhs[i]", [DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]>;
def Umc_MulOp : Umc_BinaryOp<"mul", "lhs[i] * rhs[i]">;
def Umc_DivOp : Umc_BinaryOp<"div", "lhs[i] / rhs[i]">;
def Umc_MaximumOp : Umc_BinaryOp<"maximum", "max(lhs[i], rhs[i])", [],
    "A NaN in either operand gives NaN, as `torch.maximum`.">;
def Umc_MinimumOp : Umc_BinaryOp<"minimum", "min(lhs[i], rhs[i])", [],
    "A NaN in either operand gives NaN, as `torch.minimum`.">;

class Umc_UnaryFloatOp<string mnemonic, list<Trait> traits = []>
    : Umc_Op<mnemonic, !listconcat(traits,
        [Pure, SameOperandsAndResultType])> {
  let results = (outs Umc_FloatTensor:$result);
}

// A unary float op given by its formula: `result[i] = <formula>`.
class Umc_MathOp<string mnemonic, string formula, string what>
    : Umc_UnaryFloatOp<mnemonic, [Umc_Elementwise, Umc_GradientRule]> {
  let summary = "elementwise " # what;
  let description = [{
    `result[i] = }] # formula # [{`, computed in f32 for f16 and bf16
    inputs and rounded to the input's type.

    ```mlir
    %y = umc.}] # mnemonic # [{ %x : tensor<4x32xf32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Umc_ExpOp : Umc_MathOp<"exp", "exp(input[i])", "exponential">;
def Umc_LogOp : Umc_MathOp<"log", "log(input[i])",
    "natural logarithm (-inf at 0, NaN below)">;
def Umc_TanhOp : Umc_MathOp<"tanh", "tanh(input[i])", "hyperbolic tangent">;
def Umc_SinOp : Umc_MathOp<"sin", "sin(input[i])", "sine (radians)">;
def Umc_CosOp : Umc_MathOp<"cos", "cos(input[i])", "cosine (radians)">;
def Umc_SqrtOp : Umc_MathOp<"sqrt", "sqrt(input[i])",
    "square root (NaN below 0)">;
def Umc_RsqrtOp : Umc_MathOp<"rsqrt", "1 / sqrt(input[i])",
    "reciprocal square root (+inf at 0)">;
def Umc_SigmoidOp : Umc_MathOp<"sigmoid", "1 / (1 + exp(-input[i]))",
    "logistic sigmoid, as torch.sigmoid">;
def Umc_NegOp : Umc_MathOp<"neg", "-input[i]", "negation">;

def Umc_GeluOp : Umc_UnaryFloatOp<"gelu", [Umc_Elementwise, Umc_GradientRule]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    With `approximate = none` (the default), the exact GELU:
    `result = x * 0.5 * (1 + erf(x / sqrt(2)))`.
    With `approximate = tanh`, the GPT-2 form:
    `result = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.
    Both match `torch.nn.functional.gelu(x, approximate=...)`.

    ```mlir
    %y = umc.gelu %x : tensor<4x32xf32>
    %z = umc.gelu %x approximate = tanh : tensor<4x32xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    DefaultValuedAttr<Umc_GeluApproximation,
                      "::umc::GeluApproximation::none">:$approximate
  );
  let assemblyFormat = [{
    $input (`approximate` `=` $approximate^)? attr-dict `:` type($result)
  }];
}

def Umc_GeluGradOp : Umc_InferringOp<"gelu_grad", [Umc_Elementwise]> {
  let summary = "the gradient of gelu: grad * gelu'(x)";
  let description = [{
    `result[i] = grad[i] * d gelu(x[i]) / dx` for the GELU of the same
    `approximate` mode, as PyTorch's `gelu_backward`. `umc-autodiff` builds
    it for `umc.gelu`; the exact form needs erf, which no other op exposes.
    `x` and `grad` have the same type.

    ```mlir
    %dx = umc.gelu_grad %x, %dy approximate = tanh : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$grad,
    DefaultValuedAttr<Umc_GeluApproximation,
                      "::umc::GeluApproximation::none">:$approximate
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad (`approximate` `=` $approximate^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_SiluOp : Umc_UnaryFloatOp<"silu", [Umc_Elementwise, Umc_GradientRule]> {
  let summary = "sigmoid linear unit (swish)";
  let description = [{
    `result[i] = x[i] / (1 + exp(-x[i]))`, as `torch.nn.functional.silu`.

    ```mlir
    %y = umc.silu %x : tensor<4x32xf32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Umc_SoftmaxOp : Umc_UnaryFloatOp<"softmax", [Umc_GradientRule]> {
  let summary = "softmax along one axis";
  let description = [{
    `result[..., i, ...] = exp(x[..., i, ...] - m) / sum_j exp(x[..., j, ...] - m)`
    along `axis`, where `m` is the maximum along that axis (the subtraction
    keeps it finite and does not change the value). `axis` counts from the
    back when negative; it defaults to `-1`, the last dimension.

    ```mlir
    %p = umc.softmax %scores : tensor<2x4x8x8xf32>
    %q = umc.softmax %scores axis = 1 : tensor<2x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    DefaultValuedAttr<I64Attr, "-1">:$axis
  );
  let assemblyFormat = [{
    $input (`axis` `=` $axis^)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Umc_CastOp : Umc_Op<"cast", [Pure, Umc_Elementwise, Umc_GradientRule,
                                  SameOperandsAndResultShape]> {
  let summary = "elementwise conversion between element types";
  let description = [{
    `result[i] = input[i]` converted to the result's element type, as
    `tensor.to(dtype)` in PyTorch:

    - float to float rounds to the nearest value, ties to even;
    - integer to float rounds to the nearest float;
    - float to integer truncates toward zero and saturates: values beyond
      the integer range become its minimum or maximum, and NaN becomes 0
      (PyTorch leaves these undefined; umc never returns an arbitrary value);
    - integer to integer sign-extends or keeps the low bits (wraps).

    ```mlir
    %h = umc.cast %x : tensor<4x32xf32> -> tensor<4x32xbf16>
    %i = umc.cast %t : tensor<8xf32> -> tensor<8xi32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Umc_WhereOp : Umc_InferringOp<"where", [Umc_Elementwise, Umc_GradientRule]> {
  let summary = "elementwise choice between two tensors";
  let description = [{
    `result[i] = condition[i] != 0 ? lhs[i] : rhs[i]`, as `torch.where`. The
    condition is an integer tensor (any non-zero value is true); `lhs` and
    `rhs` have the same element type. All three broadcast as in NumPy.

    ```mlir
    %y = umc.where %keep, %x, %zeros : (tensor<4x1xi32>, tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
    ```
  }];
  let arguments = (ins
    StaticShapeTensorOf<[I8, I32, I64]>:$condition,
    Umc_Tensor:$lhs,
    Umc_Tensor:$rhs
  );
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

// A reduction along one axis; `keep_dim` keeps it with size 1.
class Umc_ReductionOp<string mnemonic, string math, Type tensorType,
                      string note = "">
    : Umc_InferringOp<mnemonic, [Umc_GradientRule]> {
  let summary = mnemonic # " along one axis";
  let description = [{
    `result[..., ...] = }] # math # [{` over `i` along `axis` (negative counts
    from the back). The axis is removed from the shape, or kept with size 1
    with `keep_dim` (PyTorch's `keepdim=True`). f16 and bf16 accumulate in
    f32; integers accumulate in their own type (a sum wraps). }] # note # [{

    ```mlir
    %s = umc.}] # mnemonic # [{ %x axis = 1 : tensor<2x7x5xf32> -> tensor<2x5xf32>
    %k = umc.}] # mnemonic # [{ %x axis = -1 keep_dim : tensor<2x7x5xf32> -> tensor<2x7x1xf32>
    ```
  }];
  let arguments = (ins tensorType:$input, I64Attr:$axis, UnitAttr:$keep_dim);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $input `axis` `=` $axis (`keep_dim` $keep_dim^)? attr-dict `:`
    type($input) `->` type($result)
  }];
}

def Umc_CompareOp : Umc_InferringOp<"compare", [Umc_Elementwise]> {
  let summary = "elementwise comparison, 1 where it holds and 0 elsewhere";
  let description = [{
    `result[i] = lhs[i] <predicate> rhs[i] ? 1 : 0` as `i8`, with the
    operands broadcast as in NumPy and of the same element type, as
    `torch.eq`, `torch.lt`, ... A NaN compares unequal to everything, so
    only `ne` holds for it. The result is the condition `umc.where` takes.

    ```mlir
    %m = umc.compare ge %x, %max : (tensor<4x32xf32>, tensor<4x1xf32>) -> tensor<4x32xi8>
    ```
  }];
  let arguments = (ins Umc_ComparePredicate:$predicate, Umc_Tensor:$lhs,
                   Umc_Tensor:$rhs);
  let results = (outs StaticShapeTensorOf<[I8]>:$result);
  let assemblyFormat = [{
    $predicate $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_BroadcastOp : Umc_Op<"broadcast", [Pure, Umc_Elementwise,
                                            Umc_GradientRule]> {
  let summary = "stretch a tensor to a larger shape (NumPy broadcasting)";
  let description = [{
    `result[i] = input[i]` where `input` broadcasts to the result's shape as
    in NumPy (aligned at the last dimension; a dimension of size 1 or a
    missing leading one stretches), as `torch.broadcast_to`. Gradients of
    reductions use it to spread a value back over the reduced axis.

    ```mlir
    %y = umc.broadcast %x : tensor<4x1xf32> -> tensor<2x4x8xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Umc_SumOp : Umc_ReductionOp<"sum", "sum_i x[..., i, ...]", Umc_Tensor>;
def Umc_MeanOp : Umc_ReductionOp<"mean", "sum_i x[..., i, ...] / n",
                                 Umc_FloatTensor>;
def Umc_MaxOp : Umc_ReductionOp<"max", "max_i x[..., i, ...]", Umc_Tensor,
    "A NaN anywhere along the axis gives NaN, as `torch.amax`.">;

def Umc_ArgmaxOp : Umc_Op<"argmax", [Pure]> {
  let summary = "index of the largest element along one axis";
  let description = [{
    `result[..., ...] = argmax_i x[..., i, ...]` along `axis` (negative
    counts from the back), as `torch.argmax`: the first index holding the
    maximum; a NaN counts as larger than every number. The result has the
    input's shape without the axis (or with it as size 1 with `keep_dim`)
    and an integer element type of the user's choice (i32 or i64).

    ```mlir
    %t = umc.argmax %logits axis = -1 : tensor<2x1000xf32> -> tensor<2xi32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input, I64Attr:$axis,
                   UnitAttr:$keep_dim);
  let results = (outs Umc_IndexTensor:$result);
  let assemblyFormat = [{
    $input `axis` `=` $axis (`keep_dim` $keep_dim^)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Umc_IotaOp : Umc_Op<"iota", [Pure]> {
  let summary = "each element's index along one axis";
  let description = [{
    `result[i_0, ..., i_last] = i_axis`, of any element type (the index
    converted as `umc.cast` does): `torch.arange(n)` is `iota` of a 1-D
    tensor, and a position grid is `iota` along the sequence axis.

    ```mlir
    %pos = umc.iota axis = 0 : tensor<16xi32>
    %col = umc.iota axis = 1 : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins I64Attr:$axis);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = "`axis` `=` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions and lookups
//===----------------------------------------------------------------------===//

def Umc_LinearOp : Umc_InferringOp<"linear", [Umc_GradientRule, DeclareOpInterfaceMethods<Umc_CostOpInterface>, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "affine map: x times the transposed weight, plus bias";
  let description = [{
    `result[..., n] = sum_k input[..., k] * weight[n, k] + bias[n]`, with
    `input : [..., K]`, `weight : [N, K]` (PyTorch's `nn.Linear` layout) and
    the optional `bias : [N]`. The result is `[..., N]`. All three have the
    same element type.

    ```mlir
    %y = umc.linear %x, %w, %b : (tensor<2x8x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
    %z = umc.linear %x, %w : (tensor<2x8x16xf32>, tensor<32x16xf32>) -> tensor<2x8x32xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$weight,
    Optional<Umc_FloatTensor>:$bias
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_MatmulOp : Umc_InferringOp<"matmul", [Umc_GradientRule, DeclareOpInterfaceMethods<Umc_CostOpInterface>]> {
  let summary = "batched matrix product with broadcast batch dimensions";
  let description = [{
    `result[b..., m, n] = sum_k lhs[b..., m, k] * rhs[b..., k, n]`, with
    `lhs : [..., M, K]` and `rhs : [..., K, N]`, both of rank 2 or more. The
    batch dimensions (all but the last two) broadcast as in NumPy, as
    `torch.matmul` does for operands of rank 2 or more.

    ```mlir
    %s = umc.matmul %q, %kt : (tensor<2x4x8x16xf32>, tensor<2x4x16x8xf32>) -> tensor<2x4x8x8xf32>
    %y = umc.matmul %x, %w : (tensor<2x8x16xf32>, tensor<16x32xf32>) -> tensor<2x8x32xf32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$lhs, Umc_FloatTensor:$rhs);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_EmbeddingOp : Umc_InferringOp<"embedding", [Umc_GradientRule, DeclareOpInterfaceMethods<Umc_IndexCheckOpInterface>]> {
  let summary = "row lookup in an embedding table";
  let description = [{
    `result[i..., d] = table[ids[i...], d]`, with integer `ids` of any shape
    and `table : [V, D]`; the result has the shape of `ids` followed by `D`.
    An id outside `[0, V)` is a runtime error, not a silent read.

    ```mlir
    %e = umc.embedding %ids, %table : (tensor<2x8xi32>, tensor<100x16xf32>) -> tensor<2x8x16xf32>
    ```
  }];
  let arguments = (ins Umc_IndexTensor:$ids, Umc_FloatTensor:$table);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $ids `,` $table attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Umc_LayerNormOp : Umc_InferringOp<"layer_norm", [Umc_GradientRule, AttrSizedOperandSegments, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "layer normalization over the last dimension";
  let description = [{
    Over the last dimension of size `D`:
    `mean = sum_d x[d] / D`, `var = sum_d (x[d] - mean)^2 / D` (biased, as
    PyTorch), `result[d] = (x[d] - mean) / sqrt(var + eps) * scale[d] + bias[d]`.
    `scale` and `bias` are optional `[D]` tensors (without them the affine
    part is the identity, as `elementwise_affine=False`, used by DiT's adaLN).

    ```mlir
    %y = umc.layer_norm %x scale %g bias %b eps = 1.0e-05 : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
    %z = umc.layer_norm %x : (tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Optional<Umc_FloatTensor>:$scale,
    Optional<Umc_FloatTensor>:$bias,
    Umc_Epsilon<"1.0e-5">:$eps
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? (`eps` `=` $eps^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def Umc_RmsNormOp : Umc_InferringOp<"rms_norm", [Umc_GradientRule, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "root-mean-square normalization over the last dimension";
  let description = [{
    Over the last dimension of size `D`:
    `result[d] = x[d] / sqrt(sum_d x[d]^2 / D + eps) * scale[d]`, with the
    optional `scale : [D]` (LLaMA's `RMSNorm`).

    ```mlir
    %y = umc.rms_norm %x scale %g eps = 1.0e-06 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Optional<Umc_FloatTensor>:$scale,
    Umc_Epsilon<"1.0e-6">:$eps
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`eps` `=` $eps^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def Umc_GroupNormOp : Umc_InferringOp<"group_norm", [Umc_GradientRule, AttrSizedOperandSegments, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "group normalization over channel groups (PyTorch layout)";
  let description = [{
    `input : [N, C, ...]` (channels at dimension 1, as `nn.GroupNorm`). The
    `C` channels split into `groups` groups of `C / groups` consecutive
    channels; each group of each sample is normalized over its channels and
    all trailing dimensions together, with the biased variance:
    `result = (x - mean) / sqrt(var + eps) * scale[c] + bias[c]`, where
    `scale` and `bias` are optional `[C]` tensors. `C` must divide by `groups`.

    ```mlir
    %y = umc.group_norm %x scale %g bias %b groups = 8 : (tensor<2x32x16x16xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x32x16x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Optional<Umc_FloatTensor>:$scale,
    Optional<Umc_FloatTensor>:$bias,
    ConfinedAttr<I64Attr, [IntPositive]>:$groups,
    Umc_Epsilon<"1.0e-5">:$eps
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? `groups` `=` $groups
    (`eps` `=` $eps^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Positions and attention
//===----------------------------------------------------------------------===//

def Umc_RopeOp : Umc_InferringOp<"rope", [Umc_GradientRule]> {
  let summary = "rotary position embedding (rotate-half form)";
  let description = [{
    `input : [..., S, D]` with `D` even and integer `positions`, either
    `[S]` (shared by every sample) or `[B, S]` with `B` the input's first
    dimension (one row of positions per sample, as in left-padded batches
    and packed sequences). For `i < D / 2`, with `f_i = theta^(-2i / D)` and
    `a = position(s) * f_i`:

        result[..., s, i]         = x[s, i] * cos(a) - x[s, i + D/2] * sin(a)
        result[..., s, i + D/2]   = x[s, i + D/2] * cos(a) + x[s, i] * sin(a)

    This is the "rotate half" convention of GPT-NeoX and Hugging Face LLaMA.

    ```mlir
    %q2 = umc.rope %q, %pos theta = 1.0e+04 : (tensor<2x4x8x16xf32>, tensor<8xi32>) -> tensor<2x4x8x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_IndexTensor:$positions,
    DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>, "10000.0">:$theta
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $positions (`theta` `=` $theta^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def Umc_AttentionOp : Umc_InferringOp<"attention", [Umc_GradientRule, AttrSizedOperandSegments, DeclareOpInterfaceMethods<Umc_CostOpInterface>, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "scaled dot-product attention with a mask kind";
  let description = [{
    `query : [B, H, S, D]`, `key : [B, Hkv, T, D]`, `value : [B, Hkv, T, Dv]`;
    `H` must be a multiple of `Hkv` (query head `h` reads key/value head
    `h / (H / Hkv)`, grouped-query attention). The result is `[B, H, S, Dv]`:

        score[s, t]  = scale * sum_d q[s, d] * k[t, d]   (or -inf where masked)
        result[s, :] = sum_t softmax_t(score[s, :]) * v[t, :]

    `scale` defaults to `1 / sqrt(D)`. `mask` says which keys each query sees
    (see `#umc.mask`). Three optional operands refine it per call:

    - `bias`: a float tensor that broadcasts (NumPy rules) to `[B, H, S, T]`,
      added to the scaled scores (ALiBi, relative position biases, or a
      float mask of 0 and -inf, as `attn_mask` of PyTorch's SDPA);
    - `key_padding`: an integer `[B, T]` tensor; key `t` of sample `b` is
      seen only where it is non-zero (Hugging Face's `attention_mask`);
    - `query_offset`: an integer scalar tensor `p0`. Query `s` then sits at
      position `p0 + s` instead of `s + T - S`, and keys at positions
      `p0 + S` and beyond are not seen: the keys are a fixed-capacity KV
      cache whose first `p0 + S` entries are filled.

    A query that sees no key at all gets a zero row (as FlashAttention; the
    softmax of an empty set is undefined). Without `key_padding` and
    `query_offset` the mask is checked against the shapes when the op is
    verified, and such a row is an error there.

    With `qk_norm(%gq, %gk)` (Chameleon's QK-norm), `q` and `k` are first
    RMS-normalized over `D` with epsilon `qk_norm_eps` and scaled by `gq : [D]`
    and `gk : [D]`.

    ```mlir
    %o = umc.attention %q, %k, %v mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
    %p = umc.attention %q, %k, %v mask <sliding_window, window = 4> scale = 2.5e-01 qk_norm(%gq, %gk) : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x8x16xf32>
    %d = umc.attention %q1, %kcache, %vcache mask <causal> query_offset %pos : (tensor<1x4x1x16xf32>, tensor<1x4x256x16xf32>, tensor<1x4x256x16xf32>, tensor<i32>) -> tensor<1x4x1x16xf32>
    %m = umc.attention %q, %k, %v mask <full> bias %alibi key_padding %keep : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<1x4x8x8xf32>, tensor<2x8xi32>) -> tensor<2x4x8x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$query,
    Umc_FloatTensor:$key,
    Umc_FloatTensor:$value,
    Optional<Umc_FloatTensor>:$bias,
    Optional<StaticShapeTensorOf<[I8, I32, I64]>>:$key_padding,
    Optional<Umc_IndexTensor>:$query_offset,
    Optional<Umc_FloatTensor>:$q_norm_scale,
    Optional<Umc_FloatTensor>:$k_norm_scale,
    Umc_MaskAttr:$mask,
    OptionalAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>>:$scale,
    Umc_Epsilon<"1.0e-6">:$qk_norm_eps
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value `mask` $mask (`bias` $bias^)?
    (`key_padding` $key_padding^)? (`query_offset` $query_offset^)?
    (`scale` `=` $scale^)?
    (`qk_norm` `(` $q_norm_scale^ `,` $k_norm_scale `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The scale applied to q.k: the attribute, or 1 / sqrt(D) without it.
    double getEffectiveScale();
  }];
}

def Umc_AttentionGradOp : Umc_Op<"attention_grad", [Pure,
                                                     AttrSizedOperandSegments]> {
  let summary = "the gradient of attention with respect to q, k or v";
  let description = [{
    The gradient of `umc.attention` (same operands, mask, scale and shapes,
    without QK-norm) with respect to one of `query`, `key` or `value`
    (`wrt`), given the attention's `output` and the gradient `output_grad`
    of a loss with respect to it. With `P = softmax(masked scores)` and
    `dP = output_grad · valueᵀ`:

        d query = scale * (P ∘ (dP - rowsum(output_grad ∘ output))) · key
        d key   = scale * (P ∘ (dP - rowsum(output_grad ∘ output)))ᵀ · query
        d value = Pᵀ · output_grad

    The key and value gradients are per query head, `[B, H, T, D]`: with
    grouped-query attention the caller sums the heads that share a
    key/value head (a reshape and a `umc.sum`). `P` is
    recomputed from `query` and `key`, one [S, T] block per (batch, head),
    as the forward computes it, so the backward never holds more of the
    scores than the forward does. Masked scores have zero gradient.
    `umc-autodiff` builds one op for each operand that needs a gradient.

    ```mlir
    %dq = umc.attention_grad query %q, %k, %v, %o, %do mask <causal> : (tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_AttentionOperand:$wrt,
    Umc_FloatTensor:$query,
    Umc_FloatTensor:$key,
    Umc_FloatTensor:$value,
    Umc_FloatTensor:$output,
    Umc_FloatTensor:$output_grad,
    Optional<Umc_FloatTensor>:$bias,
    Optional<StaticShapeTensorOf<[I8, I32, I64]>>:$key_padding,
    Optional<Umc_IndexTensor>:$query_offset,
    Umc_MaskAttr:$mask,
    OptionalAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>>:$scale
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $wrt $query `,` $key `,` $value `,` $output `,` $output_grad
    `mask` $mask (`bias` $bias^)? (`key_padding` $key_padding^)?
    (`query_offset` $query_offset^)? (`scale` `=` $scale^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The scale applied to q.k: the attribute, or 1 / sqrt(D) without it.
    double getEffectiveScale();
  }];
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Umc_ReshapeOp : Umc_Op<"reshape", [Pure, Umc_GradientRule]> {
  let summary = "same elements, new shape";
  let description = [{
    Reinterprets the elements of `input` in row-major order with the shape of
    the result type. The element count and element type stay the same.

    ```mlir
    %y = umc.reshape %x : tensor<2x8x32xf32> -> tensor<16x32xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Umc_TransposeOp : Umc_InferringOp<"transpose", [Umc_GradientRule]> {
  let summary = "permutation of dimensions";
  let description = [{
    `result[i_0, ..., i_last]` is the input element whose index in input
    dimension `permutation[j]` is `i_j`: result dimension `j` is input
    dimension `permutation[j]`, as `torch.permute` and `numpy.transpose`.

    ```mlir
    %kt = umc.transpose %k [0, 1, 3, 2] : tensor<2x4x8x16xf32> -> tensor<2x4x16x8xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $input $permutation attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Umc_ConcatOp : Umc_InferringOp<"concat", [Umc_GradientRule]> {
  let summary = "join tensors along one axis";
  let description = [{
    The inputs, in order, joined along `axis` (negative counts from the
    back). They have the same rank and element type and agree on every other
    dimension.

    ```mlir
    %y = umc.concat %text, %image axis = 1 : (tensor<2x8x32xf32>, tensor<2x16x32xf32>) -> tensor<2x24x32xf32>
    ```
  }];
  let arguments = (ins Variadic<Umc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Umc_SliceOp : Umc_InferringOp<"slice", [Umc_GradientRule]> {
  let summary = "strided static slice";
  let description = [{
    `result[i...] = input[offsets[d] + i_d * strides[d] for each d]`; the
    result has shape `sizes`. `strides` defaults to all ones. Every index read
    must lie inside the input: `offsets[d] + (sizes[d] - 1) * strides[d] <
    dim[d]`.

    ```mlir
    %y = umc.slice %x offsets = [0, 8] sizes = [2, 8] : tensor<2x24xf32> -> tensor<2x8xf32>
    %e = umc.slice %x offsets = [0, 0] sizes = [2, 12] strides = [1, 2] : tensor<2x24xf32> -> tensor<2x12xf32>
    ```
  }];
  let arguments = (ins
    Umc_Tensor:$input,
    DenseI64ArrayAttr:$offsets,
    DenseI64ArrayAttr:$sizes,
    OptionalAttr<DenseI64ArrayAttr>:$strides
  );
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $input `offsets` `=` $offsets `sizes` `=` $sizes
    (`strides` `=` $strides^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Umc_SplitOp : Umc_Op<"split", [Pure]> {
  let summary = "cut a tensor into consecutive pieces along one axis";
  let description = [{
    The results, in order, are consecutive pieces of `input` along `axis`
    (negative counts from the back); their sizes along the axis are those of
    the result types and add up to the input's, and every other dimension is
    the input's. This is `torch.split(x, sizes, dim)`, and with equal pieces
    `torch.chunk(x, n, dim)`. `umc-decompose` rewrites it into `umc.slice`s.

    ```mlir
    %q, %k, %v = umc.split %qkv axis = -1 : tensor<2x8x96xf32> -> tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>
    %a, %b = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input, I64Attr:$axis);
  let results = (outs Variadic<Umc_Tensor>:$results);
  let assemblyFormat = [{
    $input `axis` `=` $axis attr-dict `:` type($input) `->` type($results)
  }];
  let hasVerifier = 1;
}

def Umc_UpdateSliceOp : Umc_InferringOp<"update_slice", [Umc_GradientRule, Umc_InPlaceOverInput, DeclareOpInterfaceMethods<Umc_IndexCheckOpInterface>]> {
  let summary = "write a tensor into another at a run-time offset along one axis";
  let description = [{
    The result is `input` with `update` written over it starting at index
    `offset` along `axis` (negative counts from the back):

        result[..., i, ...] = update[..., i - offset, ...]  if offset <= i < offset + n
                            = input[..., i, ...]            otherwise

    where `n` is the update's size along the axis; every other dimension of
    `update` equals the input's. `offset` is an integer scalar tensor, read
    at run time: this is how a decode step appends its keys and values to a
    fixed-capacity KV cache (XLA's `dynamic_update_slice` along one axis,
    PyTorch's `cache[:, :, pos:pos + n] = kv`). An offset outside
    `[0, dim - n]` is a run-time error when the offset is an input of the
    kernel (a cache position the program passes in): the call fails,
    naming the op, rather than writing somewhere else than asked. An offset
    computed inside the same fused kernel is clamped into the range, as XLA
    does; either way no write ever leaves the tensor.

    ```mlir
    %kc2 = umc.update_slice %kcache, %k at %pos axis = 2 : (tensor<1x4x256x16xf32>, tensor<1x4x1x16xf32>, tensor<i32>) -> tensor<1x4x256x16xf32>
    ```
  }];
  let arguments = (ins Umc_Tensor:$input, Umc_Tensor:$update,
                   Umc_IndexTensor:$offset, I64Attr:$axis);
  let results = (outs Umc_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $update `at` $offset `axis` `=` $axis attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Images
//===----------------------------------------------------------------------===//

def Umc_Conv2dOp : Umc_InferringOp<"conv2d", [Umc_GradientRule, DeclareOpInterfaceMethods<Umc_CostOpInterface>, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "2-D convolution, NCHW, PyTorch semantics";
  let description = [{
    `input : [N, C, H, W]`, `weight : [O, C / groups, KH, KW]`, optional
    `bias : [O]`; the result is `[N, O, Ho, Wo]` with
    `Ho = (H + 2 * padding[0] - dilation[0] * (KH - 1) - 1) / strides[0] + 1`
    (and likewise `Wo`), rounded down:

        result[n, o, y, x] = bias[o] + sum_{c, i, j}
            input[n, g * C/groups + c, y * sh - ph + i * dh, x * sw - pw + j * dw]
            * weight[o, c, i, j]

    where `g = o / (O / groups)` and reads outside the input are zero
    (`torch.nn.functional.conv2d`). `strides`, `padding` and `dilation` are
    `[h, w]` pairs, defaulting to `[1, 1]`, `[0, 0]` and `[1, 1]`.

    ```mlir
    %y = umc.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1] : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$weight,
    Optional<Umc_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$groups
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`strides` `=` $strides^)?
    (`padding` `=` $padding^)? (`dilation` `=` $dilation^)?
    (`groups` `=` $groups^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_PatchifyOp : Umc_InferringOp<"patchify", [Umc_GradientRule]> {
  let summary = "cut an image into flattened non-overlapping patches";
  let description = [{
    `input : [N, C, H, W]` with `H` and `W` multiples of `patch_size = P`. The
    result is `[N, (H / P) * (W / P), C * P * P]`: patches in row-major order,
    each flattened in `(c, i, j)` order, so that `umc.linear` with a weight
    `[D, C * P * P]` equals a ViT patch-embedding `conv2d` with weight
    `[D, C, P, P]` and stride `P`:

        result[n, py * (W / P) + px, (c * P + i) * P + j] = input[n, c, py * P + i, px * P + j]

    ```mlir
    %p = umc.patchify %img patch_size = 4 : (tensor<2x1x8x8xf32>) -> tensor<2x4x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    ConfinedAttr<I64Attr, [IntPositive]>:$patch_size
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `patch_size` `=` $patch_size attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_UnpatchifyOp : Umc_Op<"unpatchify", [Pure, Umc_GradientRule]> {
  let summary = "reassemble an image from flattened non-overlapping patches";
  let description = [{
    The inverse of `umc.patchify`: `input : [N, L, F]` with
    `L = (H / P) * (W / P)` patches in row-major order and
    `F = C * P * P` features each, `result : [N, C, H, W]` (`H`, `W` and
    `C` come from the result type; `P = patch_size`):

        result[n, c, py * P + i, px * P + j] = input[n, py * (W / P) + px, f]

    with `f = (c * P + i) * P + j` (the order `umc.patchify` writes), or
    `f = (i * P + j) * C + c` with `channels_last` (the order DiT's final
    layer writes, `einsum("nhwpqc->nchpwq")`, so that its checkpoints load
    unchanged). `umc-decompose` rewrites it into `reshape`, `transpose`
    and `reshape`.

    ```mlir
    %img = umc.unpatchify %x patch_size = 2 channels_last : (tensor<2x16x4xf32>) -> tensor<2x1x8x8xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    ConfinedAttr<I64Attr, [IntPositive]>:$patch_size,
    UnitAttr:$channels_last
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `patch_size` `=` $patch_size (`channels_last` $channels_last^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Sampling
//===----------------------------------------------------------------------===//

def Umc_SampleOp : Umc_Op<"sample", [Pure, AttrSizedOperandSegments]> {
  let summary = "draw one token per row of logits (temperature, top-k, top-p)";
  let description = [{
    For each row `b` of `logits : [B, V]`, one token id, as Hugging Face's
    `generate(do_sample=True)` draws it:

    1. With `temperature` `T <= 0` the row's argmax (greedy; the first
       index of the maximum). Otherwise the scores are `logits / T`
       (`T = 1` without the operand).
    2. `top_k` `k`: only tokens whose logit is at least the `k`-th largest
       stay (ties at the boundary stay too). `k <= 0` or `k >= V` keeps all.
    3. `top_p` `p`: of those, only the smallest set of most likely tokens
       whose probabilities sum to at least `p` stays (ties at the boundary
       stay). `p >= 1` keeps all; the most likely token always stays.
    4. The token is drawn from the softmax over the kept tokens, by inverse
       CDF in index order with one uniform number `u` in `[0, 1)`.

    `u` comes from Philox-4x32-10 (Salmon et al., "Parallel random numbers:
    as easy as 1, 2, 3", SC 2011), keyed by `seed` and counted by
    `(b, counter)`: it depends on nothing but the seed, the counter (a
    generation loop passes the step) and the row, so the same seed gives
    the same tokens on any number of threads and on any device. The
    result's integer type (i32 or i64) is the user's.

    ```mlir
    %t = umc.sample %logits seed %seed counter %step temperature %temp top_k %k top_p %p : (tensor<1x256xf32>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<1xi32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$logits,
    StaticShapeTensorOf<[I64]>:$seed,
    StaticShapeTensorOf<[I64]>:$counter,
    Optional<StaticShapeTensorOf<[F32]>>:$temperature,
    Optional<Umc_IndexTensor>:$top_k,
    Optional<StaticShapeTensorOf<[F32]>>:$top_p
  );
  let results = (outs Umc_IndexTensor:$result);
  let assemblyFormat = [{
    $logits `seed` $seed `counter` $counter
    (`temperature` $temperature^)? (`top_k` $top_k^)? (`top_p` $top_p^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Umc_RandomNormalOp : Umc_Op<"random_normal", [Pure]> {
  let summary = "standard normal noise from a seed, the same on any device";
  let description = [{
    A tensor of independent standard normal samples (the starting noise of
    a diffusion or flow sampler, the noise of a stochastic step). Element
    `i` (its row-major index) takes two uniforms from Philox-4x32-10 keyed
    by `seed` and counted by `(i, counter)`, and the Box-Muller transform:
    `sqrt(-2 log(u1)) * cos(2 pi u2)` with `u1` in `(0, 1]`. The values
    depend only on the seed, the counter and the shape, so a sampling loop
    that passes its step as the counter draws fresh noise per step, and the
    same seed gives the same image on any thread count.

    ```mlir
    %x0 = umc.random_normal seed %seed counter %step : (tensor<i64>, tensor<i64>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins StaticShapeTensorOf<[I64]>:$seed,
                   StaticShapeTensorOf<[I64]>:$counter);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    `seed` $seed `counter` $counter attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Multimodal blocks (umc-decompose rewrites them into the primitives above)
//===----------------------------------------------------------------------===//

def Umc_ArBlockOp : Umc_InferringOp<"ar_block", [AttrSizedOperandSegments]> {
  let summary = "pre-norm transformer block, optionally decoding with a KV cache";
  let description = [{
    The block every autoregressive model repeats (LLaMA, GPT, Chameleon), on
    `input : [B, S, E]` with `heads` query heads of `Dh = E / heads` and
    `kv_heads` key/value heads (grouped-query attention):

        n = norm(x)                                     attn_norm
        q = n Wq^T, k = n Wk^T, v = n Wv^T              [B, S, heads|kv_heads, Dh]
        q, k = rms_norm(q, gq), rms_norm(k, gk)         with qk_norm (Chameleon)
        q, k = rope(q, positions), rope(k, positions)   with rope_theta
        h = x + attention(q, k, v, mask) Wo^T
        y = h + mlp(norm(h))                            mlp_norm

    `norm` is `rms_norm` (scale only) or `layer_norm` (scale, optional
    bias), with epsilon `eps`. `mlp` is `gelu`,
    `W2 gelu(n W1^T)`, or `swiglu`, `W2 (silu(n W1^T) * n W3^T)` (LLaMA's
    gate, down and up projections). Weights have PyTorch's `[out, in]`
    layout: `Wq : [heads * Dh, E]`, `Wk, Wv : [kv_heads * Dh, E]`,
    `Wo : [E, heads * Dh]`, `W1, W3 : [F, E]`, `W2 : [E, F]`.

    **Decode mode.** With `cache(%kc, %vc) at %p0`, the keys and values of
    the `S` new tokens are written into the fixed-capacity caches
    `[B, kv_heads, T, Dh]` at position `p0` (a scalar tensor), attention
    reads the caches with its queries at positions `p0 .. p0 + S - 1`
    (`query_offset`), and the block also returns the updated caches. The
    same op thus serves the prefill (`S` prompt tokens at `p0 = 0`) and each
    decode step (`S = 1`). Store the returned caches back into the model's
    state.

    `umc-decompose` rewrites the op into `rms_norm`/`layer_norm`, `linear`,
    `reshape`, `transpose`, `rope`, `update_slice`, `attention`, `silu`,
    `gelu`, `mul` and `add`.

    ```mlir
    %y = umc.ar_block %x positions %pos attn_norm(%g1) attn(%wq, %wk, %wv, %wo) mlp_norm(%g2) mlp(%w1, %w2, %w3)
        heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04
        : (...) -> tensor<1x16x64xf32>
    %y1, %kc1, %vc1 = umc.ar_block %x1 positions %p1 attn_norm(%g1) attn(%wq, %wk, %wv, %wo) mlp_norm(%g2) mlp(%w1, %w2, %w3)
        cache(%kc, %vc) at %p0 heads = 4 kv_heads = 2 norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04
        : (...) -> (tensor<1x1x64xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x16xf32>)
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Optional<Umc_IndexTensor>:$positions,
    Umc_FloatTensor:$attn_norm_scale,
    Optional<Umc_FloatTensor>:$attn_norm_bias,
    Umc_FloatTensor:$wq,
    Umc_FloatTensor:$wk,
    Umc_FloatTensor:$wv,
    Umc_FloatTensor:$wo,
    Optional<Umc_FloatTensor>:$q_norm_scale,
    Optional<Umc_FloatTensor>:$k_norm_scale,
    Umc_FloatTensor:$mlp_norm_scale,
    Optional<Umc_FloatTensor>:$mlp_norm_bias,
    Umc_FloatTensor:$w1,
    Umc_FloatTensor:$w2,
    Optional<Umc_FloatTensor>:$w3,
    Optional<Umc_FloatTensor>:$k_cache,
    Optional<Umc_FloatTensor>:$v_cache,
    Optional<Umc_IndexTensor>:$cache_offset,
    ConfinedAttr<I64Attr, [IntPositive]>:$heads,
    ConfinedAttr<I64Attr, [IntPositive]>:$kv_heads,
    Umc_NormKind:$norm,
    Umc_MlpKind:$mlp,
    Umc_MaskAttr:$mask,
    OptionalAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>>:$rope_theta,
    Umc_Epsilon<"1.0e-5">:$eps
  );
  // The block's output, then (decoding) the updated key and value caches.
  let results = (outs Variadic<Umc_FloatTensor>:$results);
  let assemblyFormat = [{
    $input (`positions` $positions^)?
    `attn_norm` `(` $attn_norm_scale (`,` $attn_norm_bias^)? `)`
    `attn` `(` $wq `,` $wk `,` $wv `,` $wo `)`
    (`qk_norm` `(` $q_norm_scale^ `,` $k_norm_scale `)`)?
    `mlp_norm` `(` $mlp_norm_scale (`,` $mlp_norm_bias^)? `)`
    `mlp` `(` $w1 `,` $w2 (`,` $w3^)? `)`
    (`cache` `(` $k_cache^ `,` $v_cache `)` `at` $cache_offset)?
    `heads` `=` $heads `kv_heads` `=` $kv_heads `norm` `=` $norm
    `mlp` `=` $mlp `mask` $mask (`rope_theta` `=` $rope_theta^)?
    (`eps` `=` $eps^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Whether the block reads and appends to a KV cache.
    bool isDecoding() { return static_cast<bool>(getKCache()); }
  }];
}

def Umc_TimestepEmbedOp : Umc_InferringOp<"timestep_embed"> {
  let summary = "sinusoidal embedding of real-valued timesteps (DiT, ADM)";
  let description = [{
    `t : [B]` (any real value: a flow-matching time in [0, 1], a diffusion
    step 0..999) to `[B, dim]`, as DiT's `TimestepEmbedder`: with
    `half = dim / 2` and `f_i = max_period^(-i / half)`,

        result[b, i]        = cos(t[b] * f_i)      for i < half
        result[b, half + i] = sin(t[b] * f_i)

    `dim` is even; `max_period` defaults to 10000. `umc-decompose` rewrites
    it into `iota`, `exp`, `mul`, `cos`, `sin` and `concat`.

    ```mlir
    %e = umc.timestep_embed %t dim = 256 : (tensor<4xf32>) -> tensor<4x256xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    ConfinedAttr<I64Attr, [IntPositive]>:$dim,
    DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>, "10000.0">:$max_period
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dim` `=` $dim (`max_period` `=` $max_period^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_ModulateOp : Umc_InferringOp<"modulate"> {
  let summary = "adaLN modulation: per-sample shift and scale over the sequence";
  let description = [{
    `input : [B, S, D]`, `shift, scale : [B, D]`:

        result[b, s, d] = input[b, s, d] * (1 + scale[b, d]) + shift[b, d]

    DiT's `modulate(norm(x), shift, scale)`, the conditioning of every DiT
    block (the shift, scale and gate come from a linear layer on the
    timestep and class embedding; the gate applies with `umc.gated_add`).
    `umc-decompose` rewrites the op into `reshape`, `add` and `mul`.

    ```mlir
    %m = umc.modulate %n shift %s scale %c : (tensor<2x16x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input, Umc_FloatTensor:$shift,
                   Umc_FloatTensor:$scale);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `shift` $shift `scale` $scale attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_PatchEmbedOp : Umc_InferringOp<"patch_embed", [DeclareOpInterfaceMethods<Umc_CostOpInterface>, DeclareOpInterfaceMethods<Umc_ParamInitOpInterface>]> {
  let summary = "ViT/DiT patch embedding: patches, projection and positions";
  let description = [{
    `input : [N, C, H, W]`, `weight : [D, C, P, P]` and `bias : [D]` (the
    `Conv2d(C, D, kernel_size=P, stride=P)` of ViT and DiT, PyTorch layout,
    so `x_embedder.proj.weight` loads as it is), optional
    `positions : [L, D]` with `L = (H / P) * (W / P)` (a learned or fixed
    position table, added to every image):

        result[n, l, d] = bias[d] + positions[l, d]
            + sum_{c, i, j} input[n, c, py * P + i, px * P + j] * weight[d, c, i, j]

    where patch `l = py * (W / P) + px`. `umc-decompose` rewrites it into
    `patchify`, a `reshape` of the weight to `[D, C * P * P]`, `linear`
    and `add`.

    ```mlir
    %tokens = umc.patch_embed %img, %w, %b positions %pos patch_size = 2 : (tensor<2x1x8x8xf32>, tensor<64x1x2x2xf32>, tensor<64xf32>, tensor<16x64xf32>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$weight,
    Umc_FloatTensor:$bias,
    Optional<Umc_FloatTensor>:$positions,
    ConfinedAttr<I64Attr, [IntPositive]>:$patch_size
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias (`positions` $positions^)?
    `patch_size` `=` $patch_size attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_GatedAddOp : Umc_InferringOp<"gated_add"> {
  let summary = "adaLN-Zero gated residual: x + gate * branch over the sequence";
  let description = [{
    `input, branch : [B, S, D]`, `gate : [B, D]`:

        result[b, s, d] = input[b, s, d] + gate[b, d] * branch[b, s, d]

    DiT's `x = x + gate.unsqueeze(1) * block(modulate(norm(x), shift, scale))`:
    the gate comes from the same conditioning linear as `umc.modulate`'s
    shift and scale, and starts at zero (adaLN-Zero), so that every block
    starts as the identity. `umc-decompose` rewrites it into `reshape`,
    `mul` and `add`.

    ```mlir
    %y = umc.gated_add %x, %attn gate %g : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x64xf32>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input, Umc_FloatTensor:$branch,
                   Umc_FloatTensor:$gate);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $branch `gate` $gate attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_DiffusionStepOp : Umc_InferringOp<"diffusion_step",
                                          [AttrSizedOperandSegments]> {
  let summary = "one sampler update of a diffusion or flow-matching model";
  let description = [{
    One step from `x` at time `t` to `t_next` (rank-0 f32 tensors, read at
    run time, so a schedule is data, not code). `prediction` is the model's
    output for `x`; with `uncond_prediction` and `guidance` `w`
    (classifier-free guidance) the prediction used is

        p = p_uncond + w * (p_cond - p_uncond)

    The samplers:

    - `flow_euler` (rectified flow, prediction = velocity):
      `x + (t_next - t) * p`.
    - `flow_heun` (the corrector of Heun's method): `x` is the point the
      step starts from and `first_prediction` the (guided) velocity there;
      `prediction` is the velocity at the Euler predictor
      `x + (t_next - t) * first_prediction`, evaluated at `t_next`:
      `x + (t_next - t) * (first_prediction + p) / 2`.
    - `ddim` (deterministic DDIM, eta = 0; prediction = noise): `t` and
      `t_next` are the cumulative alpha products `abar_t`, `abar_next` of
      the noise schedule:
      `x0 = (x - sqrt(1 - abar_t) * p) / sqrt(abar_t)`,
      `x_next = sqrt(abar_next) * x0 + sqrt(1 - abar_next) * p`.

    Every tensor operand has the shape of `x`. `umc-decompose` rewrites the
    op into elementwise primitives.

    ```mlir
    %x1 = umc.diffusion_step %x, %v_c uncond %v_u guidance %w at %t to %t1 sampler = flow_euler : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$prediction,
    Optional<Umc_FloatTensor>:$uncond_prediction,
    Optional<StaticShapeTensorOf<[F32]>>:$guidance,
    Optional<Umc_FloatTensor>:$first_prediction,
    StaticShapeTensorOf<[F32]>:$time,
    StaticShapeTensorOf<[F32]>:$next_time,
    Umc_Sampler:$sampler
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $prediction (`uncond` $uncond_prediction^)?
    (`guidance` $guidance^)? (`first` $first_prediction^)?
    `at` $time `to` $next_time `sampler` `=` $sampler attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Routing, codebooks and discrete diffusion
//===----------------------------------------------------------------------===//

def Umc_RouterOp : Umc_Op<"router", [Pure, Umc_GradientRule, AttrSizedOperandSegments,
                                     Umc_InferResultType]> {
  let summary = "top-k expert gating with capacity (Switch, GShard, Mixtral)";
  let description = [{
    `logits : [T, E]` (tokens by experts, from a `umc.linear`) to each
    token's `top_k = K` experts. The gate probabilities are

        p[t, :] = softmax((logits[t, :] + g[t, :]) / temperature)

    with `g = 0`, or, with `seed %s counter %c` (rank-0 i64), Gumbel noise
    `g[t, e] = -log(-log(u))` (Gumbel-softmax). `u` is in `(0, 1)`: the top 23
    bits of word 0 of Philox-4x32-10 keyed by `seed` and counted by
    `(t * E + e, counter)`, plus half a step, so the noise depends only on
    the seed, the counter and the element, whatever thread computes it.
    `temperature` defaults to 1.

    Token `t`'s choices are its `K` most probable experts, most probable
    first; ties go to the lower expert index. A row whose probabilities
    are NaN has no choice: its ids are -1 and count as dropped. With `capacity = C`, each
    expert takes at most `C` assignments, in GShard's priority order: every
    token's first choice in token order, then every token's second choice,
    and so on; an assignment to an expert that already has `C` is dropped.
    Without `capacity` nothing is dropped (Mixtral). A capacity factor `f`
    is `capacity = ceil(f * T * K / E)`, computed by the model's author.

    Results:

    - `ids : [T, K]` (i32): the chosen experts, -1 for a dropped assignment;
    - `gates : [T, K]`: `p[t, ids[t, k]]`, 0 for a dropped assignment. With
      `renormalize` (Mixtral's top-k softmax) the `K` chosen probabilities
      are first divided by their sum (over all `K`, dropped or not); the
      default keeps the probabilities as they are (Switch, GShard's top-1);
    - `dropped` (rank-0 i32): how many assignments were dropped;
    - `balance` (rank-0, the logits' type): the Switch Transformer
      load-balancing statistic `E * sum_e f_e * P_e`, where `f_e` is the
      fraction of tokens whose first choice is `e` (before any drop) and
      `P_e` the mean of `p[:, e]` over the tokens. It is 1 for a perfectly
      balanced router; scale it by the loss weight `alpha` in the model.

    ```mlir
    %ids, %gates, %dropped, %balance = umc.router %logits top_k = 2 capacity = 16 : (tensor<37x5xf32>) -> (tensor<37x2xi32>, tensor<37x2xf32>, tensor<i32>, tensor<f32>)
    %i, %g, %d, %b = umc.router %logits seed %s counter %c top_k = 1 temperature = 5.0e-01 renormalize : (tensor<37x5xf32>, tensor<i64>, tensor<i64>) -> (tensor<37x1xi32>, tensor<37x1xf32>, tensor<i32>, tensor<f32>)
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$logits,
    Optional<StaticShapeTensorOf<[I64]>>:$seed,
    Optional<StaticShapeTensorOf<[I64]>>:$counter,
    I64Attr:$top_k,
    OptionalAttr<I64Attr>:$capacity,
    DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_PositiveF64]>, "1.0">:$temperature,
    UnitAttr:$renormalize
  );
  let results = (outs
    StaticShapeTensorOf<[I32]>:$ids,
    Umc_FloatTensor:$gates,
    StaticShapeTensorOf<[I32]>:$dropped,
    Umc_FloatTensor:$balance
  );
  let assemblyFormat = [{
    $logits (`seed` $seed^ `counter` $counter)? `top_k` `=` $top_k
    (`capacity` `=` $capacity^)? (`temperature` `=` $temperature^)?
    (`renormalize` $renormalize^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether the gates are drawn with Gumbel noise (a seed is given).
    bool isGumbel() { return static_cast<bool>(getSeed()); }
  }];
}

def Umc_MoeOp : Umc_InferringOp<"moe"> {
  let summary = "mixture of experts: dispatch to experts, weighted combine";
  let description = [{
    `input : [T, D]`, the router's `ids : [T, K]` (i32 or i64) and
    `gates : [T, K]`, and the experts' weights stacked on a leading `E`
    axis in PyTorch's layout: `w1 : [E, F, D]`, `w2 : [E, D, F]`, and for
    `mlp = swiglu` `w3 : [E, F, D]`. With `x = input[t]`:

        expert_e(x) = w2[e] gelu(w1[e] x)                   mlp = gelu
        expert_e(x) = w2[e] (silu(w1[e] x) * w3[e] x)       mlp = swiglu
        result[t]   = sum_k gates[t, k] * expert_{ids[t, k]}(x)

    `gelu` is the exact GELU; the SwiGLU names follow Mixtral (`w1` the
    gate, `w3` the up and `w2` the down projection). An id outside
    `[0, E)` (the router's -1 for a dropped assignment) contributes
    nothing. `umc-decompose` rewrites the op densely (every expert on every
    token, combined with a one-hot weight), see docs/dialect-notes.md.

    ```mlir
    %y = umc.moe %x, %ids, %gates experts(%w1, %w2, %w3) mlp = swiglu : (tensor<37x16xf32>, tensor<37x2xi32>, tensor<37x2xf32>, tensor<5x24x16xf32>, tensor<5x16x24xf32>, tensor<5x24x16xf32>) -> tensor<37x16xf32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_IndexTensor:$ids,
    Umc_FloatTensor:$gates,
    Umc_FloatTensor:$w1,
    Umc_FloatTensor:$w2,
    Optional<Umc_FloatTensor>:$w3,
    Umc_MlpKind:$mlp
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $ids `,` $gates `experts` `(` $w1 `,` $w2 (`,` $w3^)? `)`
    `mlp` `=` $mlp attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_TaskRouterOp : Umc_Op<"task_router", [Pure, Umc_InferResultType]> {
  let summary = "pooled features through a 2-layer MLP: which task head runs";
  let description = [{
    `input : [B, S, D]` pooled over the sequence (`pool = mean`, the mean
    over `S`, or `pool = first`, the first token as a CLS token) to
    `h : [B, D]`, then

        logits = w2 gelu(w1 h + b1) + b2                    [B, N]
        task   = argmax(logits)                             [B] (i32)

    with `w1 : [H, D]`, `b1 : [H]`, `w2 : [N, H]`, `b2 : [N]` (PyTorch
    `nn.Linear` layouts), the exact GELU, and the first index on ties.
    `umc-decompose` rewrites it into `mean` (or `slice` and `reshape`),
    `linear`, `gelu` and `argmax`.

    ```mlir
    %logits, %task = umc.task_router %x pool = mean mlp(%w1, %b1, %w2, %b2) : (tensor<3x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>, tensor<4x32xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xi32>)
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$input,
    Umc_FloatTensor:$w1,
    Umc_FloatTensor:$b1,
    Umc_FloatTensor:$w2,
    Umc_FloatTensor:$b2,
    Umc_PoolKind:$pool
  );
  let results = (outs Umc_FloatTensor:$logits, StaticShapeTensorOf<[I32]>:$task);
  let assemblyFormat = [{
    $input `pool` `=` $pool `mlp` `(` $w1 `,` $b1 `,` $w2 `,` $b2 `)`
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Umc_VqQuantizeOp : Umc_InferringOp<"vq_quantize"> {
  let summary = "nearest codebook entry (VQ-VAE, VQGAN)";
  let description = [{
    `input : [..., D]` and `codebook : [K, D]` to the index of each
    vector's nearest code:

        result[i...] = argmin_k sum_d (input[i..., d] - codebook[k, d])^2

    as an i32 tensor of the input's shape without `D`; the first index
    wins a tie. `umc-decompose` rewrites it into `linear` and `argmax` of
    `z . c_k - |c_k|^2 / 2` (the same order, without `|z|^2`), computed in
    f32 for f16 and bf16 inputs.

    ```mlir
    %ids = umc.vq_quantize %z, %codebook : (tensor<2x37x8xf32>, tensor<5x8xf32>) -> tensor<2x37xi32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input, Umc_FloatTensor:$codebook);
  let results = (outs StaticShapeTensorOf<[I32]>:$result);
  let assemblyFormat = [{
    $input `,` $codebook attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_VqLookupOp : Umc_InferringOp<"vq_lookup"> {
  let summary = "codebook vectors of discrete tokens (VQ-VAE decoder input)";
  let description = [{
    `ids` (i32 or i64, any shape) and `codebook : [K, D]` to
    `result[i..., d] = codebook[ids[i...], d]`, the inverse of
    `umc.vq_quantize`. An id outside `[0, K)` is a run-time error, as for
    `umc.embedding`, which `umc-decompose` rewrites it into.

    ```mlir
    %zq = umc.vq_lookup %ids, %codebook : (tensor<2x37xi32>, tensor<5x8xf32>) -> tensor<2x37x8xf32>
    ```
  }];
  let arguments = (ins Umc_IndexTensor:$ids, Umc_FloatTensor:$codebook);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $ids `,` $codebook attr-dict `:` functional-type(operands, results)
  }];
}

def Umc_UnmaskOp : Umc_InferringOp<"unmask"> {
  let summary = "one step of masked-token diffusion (MaskGIT, Show-o, MMaDA)";
  let description = [{
    `tokens : [B, N]` (i32 or i64), where `mask_id` marks a masked
    position, and the model's `logits : [B, N, V]` (`0 <= mask_id < V`,
    `V >= 2`).
    For each masked position `(b, n)`:

    1. A token is drawn from `q = softmax(logits[b, n, :] / T)` over the
       vocabulary without `mask_id` (never the mask itself): by inverse
       CDF in index order with `u` from word 0 of Philox-4x32-10 keyed by
       `seed` and counted by `(b * N + n, counter)`, as `umc.sample` draws.
       With `temperature` `T <= 0` it is the argmax (first index on ties).
       `T` is 1 without the operand.
    2. Its confidence is its probability under the model,
       `softmax(logits[b, n, :])` over the same vocabulary at `T = 1`
       whatever the draw's temperature, as MaskGIT and LLaDA take it. No
       Gumbel noise is added to it (LLaDA's and MMaDA's low-confidence
       remasking; MaskGIT's annealed noise is not modelled).

    Then in each row with `M` masked positions, `min(max(m, 0), M)` stay
    masked, where `m` is the run-time scalar `masked_after` (the schedule's
    count after this step, e.g. `floor(N * cos(pi / 2 * t))`), and the
    other masked positions take their drawn tokens: the most confident
    ones, ties going to the lower position. Unmasked positions never
    change.

    ```mlir
    %t1 = umc.unmask %t0, %logits mask_id = 1024 seed %s counter %step masked_after %m temperature %temp : (tensor<2x37xi32>, tensor<2x37x1025xf32>, tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>) -> tensor<2x37xi32>
    ```
  }];
  let arguments = (ins
    Umc_IndexTensor:$tokens,
    Umc_FloatTensor:$logits,
    I64Attr:$mask_id,
    StaticShapeTensorOf<[I64]>:$seed,
    StaticShapeTensorOf<[I64]>:$counter,
    Umc_IndexTensor:$masked_after,
    Optional<StaticShapeTensorOf<[F32]>>:$temperature
  );
  let results = (outs Umc_IndexTensor:$result);
  let assemblyFormat = [{
    $tokens `,` $logits `mask_id` `=` $mask_id `seed` $seed `counter` $counter
    `masked_after` $masked_after (`temperature` $temperature^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Losses (umc-decompose rewrites them into the primitives above, so their
// gradients come from the primitives' rules)
//===----------------------------------------------------------------------===//

def Umc_CrossEntropyOp : Umc_InferringOp<"cross_entropy"> {
  let summary = "mean cross-entropy of logits against integer targets";
  let description = [{
    `logits : [..., V]`, `targets : [...]` (i32 or i64 class ids), the
    optional `weights : [...]` (same element type as the logits). With
    `lse = log sum_v exp(logits[..., v])` and the target distribution
    `q = (1 - label_smoothing) * onehot(target) + label_smoothing / V`:

        ce[i]  = lse[i] - sum_v q[i, v] * logits[i, v]  +  z_loss * lse[i]^2
        result = sum_i w[i] * ce[i] / max(sum_i w[i], tiny)

    where `w[i]` is `weights[i]` (1 without weights), times 0 where
    `targets[i] == ignore_index`. Without weights or ignored targets this
    is `torch.nn.functional.cross_entropy(..., label_smoothing=)` (mean
    reduction); `ignore_index` is its `ignore_index`; `z_loss` is PaLM's
    auxiliary `z_loss * log(Z)^2`. With `weights` a 0/1 mask over the
    masked tokens it is the masked-token loss of discrete diffusion
    (MaskGIT, MMaDA); fractional weights (1 / t) are allowed. A target
    outside [0, V) (other than `ignore_index`) matches no class: its term is
    `lse`, as if its logit were minus infinity. The result is a scalar.

    ```mlir
    %l = umc.cross_entropy %logits, %ids : (tensor<4x16x256xf32>, tensor<4x16xi32>) -> tensor<f32>
    %m = umc.cross_entropy %logits, %ids weights %mask {label_smoothing = 0.1, z_loss = 1.0e-4} : (tensor<4x16x256xf32>, tensor<4x16xi32>, tensor<4x16xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$logits,
    Umc_IndexTensor:$targets,
    Optional<Umc_FloatTensor>:$weights,
    DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_NonNegativeF64]>, "0.0">:$label_smoothing,
    DefaultValuedAttr<ConfinedAttr<F64Attr, [Umc_NonNegativeF64]>, "0.0">:$z_loss,
    OptionalAttr<I64Attr>:$ignore_index
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $targets (`weights` $weights^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_MseLossOp : Umc_InferringOp<"mse_loss"> {
  let summary = "mean squared error, optionally weighted per example";
  let description = [{
    `mean((input - target)^2)` over every element, as
    `torch.nn.functional.mse_loss`: the velocity loss of flow matching
    (`input` the predicted velocity, `target = noise - x0`) and the noise
    loss of DDPM. With `weights : [N]` (N the first dimension), example `n`'s
    squared errors count `weights[n]` times and the sum is divided by
    `max(sum_n weights[n], tiny)` times the elements per example (a 0/1
    weight drops an example; a per-example 1 / t reweights by time). The
    result is a scalar.

    ```mlir
    %l = umc.mse_loss %v, %target : (tensor<4x16x4xf32>, tensor<4x16x4xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Umc_FloatTensor:$input, Umc_FloatTensor:$target,
                   Optional<Umc_FloatTensor>:$weights);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $target (`weights` $weights^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_InfoNceOp : Umc_InferringOp<"info_nce"> {
  let summary = "contrastive InfoNCE loss of paired embeddings";
  let description = [{
    `queries : [N, D]` and `keys : [N, D]`, row `i` of each a positive pair
    and every other row a negative (CLIP, the alignment loss of unified
    models). With `logits = queries keys^T / temperature`:

        result = cross_entropy(logits, [0, 1, ..., N-1])

    and with `symmetric`, the mean of that and the same loss of the
    transposed logits (CLIP's image-to-text and text-to-image terms).
    Normalize the embeddings first for cosine similarities. The result is a
    scalar.

    ```mlir
    %l = umc.info_nce %img, %txt temperature = 0.07 {symmetric} : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins
    Umc_FloatTensor:$queries,
    Umc_FloatTensor:$keys,
    ConfinedAttr<F64Attr, [Umc_PositiveF64]>:$temperature,
    UnitAttr:$symmetric
  );
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $queries `,` $keys `temperature` `=` $temperature attr-dict `:`
    functional-type(operands, results)
  }];
}

def Umc_WeightedSumOp : Umc_InferringOp<"weighted_sum"> {
  let summary = "sum of tensors of one type, each times a constant weight";
  let description = [{
    `result = sum_i weights[i] * inputs[i]`, with one weight per input and
    every input of the same type: a unified model's total loss
    (`0.7 * AR + 0.3 * diffusion + 0.2 * alignment`).

    ```mlir
    %l = umc.weighted_sum %ar, %diff, %align weights = [0.7, 0.3, 0.2] : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Variadic<Umc_FloatTensor>:$inputs, F64ArrayAttr:$weights);
  let results = (outs Umc_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `weights` `=` $weights attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def Umc_FusionOp : Umc_Op<"fusion", [
    RecursiveMemoryEffects, SingleBlock]> {
  let summary = "umc ops that compile into one kernel";
  let description = [{
    The ops in the body compute together: code generation outlines them into
    one kernel, which reads the values the body uses from outside once and
    writes only the values it yields. `umc-fuse` forms these regions; `rule`
    names the fusion rule that formed it (for remarks, profiles and tests).
    The body may use any value defined above it (the region is not isolated)
    and holds umc ops only.

    ```mlir
    %y = umc.fusion "norm_activation" : tensor<8x64xf32> {
      %n = umc.layer_norm %x : (tensor<8x64xf32>) -> tensor<8x64xf32>
      %g = umc.gelu %n : tensor<8x64xf32>
      umc.yield %g : tensor<8x64xf32>
    }
    ```

    A fusion may yield an intermediate value too (`add` + `layer_norm`
    yields the residual sum and its normalization): it is written once, by
    the same kernel.
  }];
  let arguments = (ins StrAttr:$rule);
  let results = (outs Variadic<Umc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $rule (`:` type($results)^)? attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes, "::llvm::StringRef":$rule)>
  ];
}

def Umc_YieldOp : Umc_Op<"yield", [
    Pure, Terminator, HasParent<"::umc::FusionOp">]> {
  let summary = "the values a fusion produces";
  let description = [{
    Ends the body of a `umc.fusion`; its operands become the fusion's results.
  }];
  let arguments = (ins Variadic<Umc_Tensor>:$values);
  let assemblyFormat = [{ ($values^ `:` type($values))? attr-dict }];
}

#endif // UMC_DIALECT_UMC_IR_UMCOPS_TD
