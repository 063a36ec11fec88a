//===- UmcAttrNames.h - the discardable umc.* attributes --------*- C++ -*-===//
//
// What one pass records on an op for a later one. The dialect's verifier
// (UmcDialect::verifyOperationAttribute) checks each of them, so a
// hand-written or damaged one is an error at the op, not a crash in the
// pass that reads it; an unknown `umc.` name is an error too.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_UMCATTRNAMES_H
#define UMC_DIALECT_UMC_IR_UMCATTRNAMES_H

#include "llvm/ADT/StringRef.h"

namespace umc::attrs {

/// On a kernel function: its index among the module's kernels (i64 >= 0).
inline constexpr llvm::StringLiteral kKernel = "umc.kernel";
/// On a kernel function: [{name, loc}] (strings) of the source ops it
/// computes.
inline constexpr llvm::StringLiteral kSourceOps = "umc.source_ops";
/// On a kernel function: the floating-point operations one call performs
/// (i64 >= 0; 2 per multiply-add of its contractions, 0 for memory-bound
/// ops).
inline constexpr llvm::StringLiteral kFlops = "umc.flops";
/// On a CPU kernel entry point: the kernel function it runs (string), the
/// name host programs dispatch.
inline constexpr llvm::StringLiteral kKernelName = "umc.kernel_name";
/// On a kernel function: the input (i64) its one result may overwrite; the
/// host program binds both to the same buffer (a state updated in place),
/// so the two bindings are not noalias.
inline constexpr llvm::StringLiteral kInPlaceOperand = "umc.in_place_operand";
/// On a lowered op: which of its loops may be split (#umc.partition).
inline constexpr llvm::StringLiteral kPartition = "umc.partition";
/// On the generic that finishes an attention (the division by the row
/// sums): the op's mask and shape, {mask = i32 (0 full, 1 causal, 2 sliding
/// window), window = i64, scale = f32, queries = i64 (S), query_shift = i64
/// (the position of query 0), group = i64 (query heads per kv head),
/// query_offset = bool (query 0 sits at the op's run-time offset instead,
/// and keys from offset + S on are hidden)}. A back
/// end with a flash-attention ukernel replaces the generics of the
/// attention by calls to it (umc-cpu-use-ukernels).
inline constexpr llvm::StringLiteral kFlashAttention = "umc.flash_attention";
/// On a kernel's root op: its tile per workgroup (#umc.workgroup_tiles).
inline constexpr llvm::StringLiteral kWorkgroupTiles = "umc.workgroup_tiles";
/// On a CPU kernel entry point: the number of workgroups of its grid
/// (i64 >= 1).
inline constexpr llvm::StringLiteral kWorkgroups = "umc.workgroups";
/// On a kernel function, and on the umc_host.dispatch ops that run it:
/// the index checks the runtime makes on its input bindings before it
/// dispatches, [{binding, bound, op, loc}] (i64 binding >= 0, i64 bound >= 1,
/// strings op and loc). Each says every element of integer input `binding`
/// must lie in [0, bound): an umc.embedding's ids against its table's rows.
/// The kernel clamps such an index anyway (memory safety); the check makes a
/// bad one an error that names the op, not a silently wrong row.
inline constexpr llvm::StringLiteral kIndexChecks = "umc.index_checks";
/// On an entry point: what it is for, so that a generic driver (umc-run
/// generate) can run any model: one of kRoles (their signatures are in
/// docs/artifact-format.md).
inline constexpr llvm::StringLiteral kRole = "umc.role";
/// On a "text.decode" entry point: the positions its KV cache holds
/// (i64 >= 1); a driver decodes no position at or past it.
inline constexpr llvm::StringLiteral kContext = "umc.context";
/// The roles an entry point may have.
inline constexpr llvm::StringLiteral kRoles[] = {
    "text.prefill", "text.prefill_image", "text.decode", "image.noise",
    "image.denoise", "train.step", "params.derive"};
/// On an "image.denoise" entry point: the umc.diffusion_step sampler its
/// step takes ("flow_euler", "flow_heun", "ddim").
inline constexpr llvm::StringLiteral kSampler = "umc.sampler";
/// On a public function (unit): its first result is a scalar loss
/// (tensor<f32> or another float of rank 0). umc-autodiff gives it a
/// gradient function, `<name>_grad`.
inline constexpr llvm::StringLiteral kLoss = "umc.loss";
/// On a result of a gradient function: the parameter (its umc.param name)
/// whose gradient the result is.
inline constexpr llvm::StringLiteral kGradOf = "umc.grad_of";
/// On an entry point's argument: the name a driver feeds it by (a
/// dataset's array, "seed", "step", a hyper-parameter such as "lr"); a
/// non-empty string, unique among the function's arguments.
inline constexpr llvm::StringLiteral kInput = "umc.input";
/// On a module: how its text becomes tokens; "bytes" (one token per UTF-8
/// byte, ids 0..255) is the one tokenizer so far.
inline constexpr llvm::StringLiteral kTokenizer = "umc.tokenizer";
/// On a module: where it came from ({name, sha256, flags}), carried
/// through dumps of intermediate phases.
inline constexpr llvm::StringLiteral kSource = "umc.source";

} // namespace umc::attrs

#endif // UMC_DIALECT_UMC_IR_UMCATTRNAMES_H
