//===- HostOps.td - the host program's ops -----------------*- tablegen -*-===//
//
// What the runtime does between kernels, as IR: dispatches of kernels over
// buffers, views of the function's scratch arena, reinterpretations of bytes
// and fills. Everything else a host program needs is upstream: `scf` for
// control flow, `arith` for scalars, `memref.global`/`get_global` for state
// that persists across calls, `memref.copy`, `memref.load`/`store` for the
// scalars a kernel computed, `memref.alloc` before the memory plan.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_HOST_IR_HOSTOPS_TD
#define UMC_DIALECT_HOST_IR_HOSTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Host_Dialect : Dialect {
  let name = "umc_host";
  let cppNamespace = "::umc::host";
  let summary = "The host program: dispatches, buffers, state and control flow";
  let description = [{
    After `umc-build-host-program` every entry point of a module is a host
    function: a `func.func` on memrefs that dispatches kernels, copies and
    fills buffers, reads scalars that kernels computed and loops or branches
    on them with `scf`. Kernels live in a `umc_host.executable`, which a
    target back end compiles; the host functions are serialized last, into
    the artifact's bytecode (docs/artifact-format.md), and interpreted by the
    runtime on any device.

    A host function's arguments are its inputs (parameters carry
    `umc.param = "name"`) followed by its results as out-parameters, each
    marked `umc_host.result = N`. State that persists between calls (a KV
    cache, a running sum) is a `memref.global` of the module, read and
    written through `memref.get_global`; the runtime zero-fills it when the
    program is loaded.
  }];
  let extraClassDeclaration = [{
    /// On a host function's out-parameter: which result it is (i64).
    static constexpr ::llvm::StringLiteral kResultAttrName = "umc_host.result";
    /// On a parameter argument of a host function: how the parameter starts
    /// without a checkpoint ("zeros", "ones" or "normal").
    static constexpr ::llvm::StringLiteral kParamInitAttrName = "umc_host.init";
    /// On a host function: the bytes of scratch arena it needs (i64), set
    /// by umc-plan-host-memory.
    static constexpr ::llvm::StringLiteral kArenaBytesAttrName =
        "umc_host.arena_bytes";
  }];
}

class Host_Op<string mnemonic, list<Trait> traits = []>
    : Op<Host_Dialect, mnemonic, traits>;

def Host_ExecutableOp : Host_Op<"executable", [
    Symbol, IsolatedFromAbove, NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "The kernels of a module, compiled by a target back end";
  let description = [{
    Holds one `builtin.module` with the kernel functions (`func.func`
    marked `umc.kernel`, on tensors until a back end lowers them). Host
    functions name a kernel as `@executable::@kernel`. A target back end
    runs its kernel pipeline on the inner module
    (`umc_host.executable(builtin.module(...))`) and serializes the result
    into one executable of the artifact per target.

    `kernel_aliases` names kernels that `umc-deduplicate-kernels` found
    equal to another (the same code), each with its own source ops:
    `{alias = {same_as = "kernel", source_ops = [...]}}`. Dispatches keep
    naming the alias, so profiles and errors still tell the call sites
    apart, and the back end compiles the code once.

    ```mlir
    umc_host.executable @kernels attributes {kernel_aliases = {
        f_k2_gelu = {same_as = "f_k0_gelu", source_ops = [...]}}} {
      builtin.module {
        func.func private @f_k0_gelu(%x: tensor<4xf32>) -> tensor<4xf32>
            attributes {umc.kernel = 0 : i64} { ... }
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DictionaryAttr>:$kernel_aliases);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The module of kernels inside.
    ::mlir::ModuleOp getInnerModule();
    /// The kernel called `name` (a func.func or, once lowered, an
    /// llvm.func), or the one an alias `name` runs, or null.
    ::mlir::Operation *lookupKernel(::llvm::StringRef name);
    /// The kernel alias `name` runs, or "" when `name` is no alias.
    ::llvm::StringRef aliasTarget(::llvm::StringRef name);
  }];
}

def Host_DispatchOp : Host_Op<"dispatch", [
    AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Run a kernel over its grid of workgroups";
  let description = [{
    Runs kernel `@executable::@kernel` on `ins` (read) and `outs`
    (written), which bind to the kernel's arguments and results in order.
    The grid is the kernel's own: its back end chooses it when it tiles the
    kernel into workgroups, and the artifact records it with the kernel's
    code. Each binding has the static shape and element type of the
    kernel's tensor at that position. An output must not alias an input:
    kernels are compiled with non-aliasing bindings.

    ```mlir
    umc_host.dispatch @kernels::@f_k0_gelu ins(%x : memref<4xf32>)
        outs(%y : memref<4xf32>)
    ```
  }];
  let arguments = (ins SymbolRefAttr:$kernel,
                       Variadic<AnyStaticShapeMemRef>:$ins,
                       Variadic<AnyStaticShapeMemRef>:$outs);
  let assemblyFormat = [{
    $kernel (`ins` `(` $ins^ `:` type($ins) `)`)?
    (`outs` `(` $outs^ `:` type($outs) `)`)? attr-dict
  }];
}

def Host_ArenaViewOp : Host_Op<"arena_view", [Pure]> {
  let summary = "A buffer in the function's scratch arena";
  let description = [{
    The bytes of the host function's scratch arena from `offset` on, seen as
    a buffer of the result type. `umc-plan-host-memory` places every
    temporary buffer of a function in one arena this way, reusing bytes
    between buffers whose lifetimes do not overlap.

    ```mlir
    %t = umc_host.arena_view [256] : memref<4x8xf32>
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$offset);
  let results = (outs AnyStaticShapeMemRef:$result);
  let assemblyFormat = "` ` `[` $offset `]` attr-dict `:` type($result)";
}

def Host_ReinterpretOp : Host_Op<"reinterpret", [Pure]> {
  let summary = "The same bytes seen with another shape";
  let description = [{
    A view of `source`'s bytes with the result's static shape and element
    type; both hold the same number of bytes. It is what `umc.reshape`
    becomes in a host program: no data moves.

    ```mlir
    %v = umc_host.reinterpret %x : memref<4x8xf32> to memref<32xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeMemRef:$source);
  let results = (outs AnyStaticShapeMemRef:$result);
  let assemblyFormat = "$source attr-dict `:` type($source) `to` type($result)";
  let hasVerifier = 1;
}

def Host_FillOp : Host_Op<"fill"> {
  let summary = "Set every element of a buffer to a scalar";
  let description = [{
    Writes `value` (of the buffer's element type) to every element of
    `target`. It is what a `tensor.splat` of a host scalar becomes.

    ```mlir
    umc_host.fill %buf, %zero : memref<16xf32>, f32
    ```
  }];
  let arguments = (ins AnyStaticShapeMemRef:$target, AnyType:$value);
  let assemblyFormat = "$target `,` $value attr-dict `:` type($target) `,` type($value)";
  let hasVerifier = 1;
}

#endif // UMC_DIALECT_HOST_IR_HOSTOPS_TD
