//===- Passes.td - lowering passes of umc ------------------*- tablegen -*-===//
#ifndef UMC_CODEGEN_PASSES_TD
#define UMC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def UmcOutlineKernels : Pass<"umc-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Outline each umc compute op into a kernel function";
  let description = [{
    Splits every public function (an entry point) into a host program and
    kernels. Each umc op that computes (everything but `umc.reshape`, which
    only renames bytes) moves into its own private function marked
    `umc.kernel`, called from the entry point:

    ```mlir
    %y = umc.gelu %x : tensor<4x8xf32>
    ```

    becomes

    ```mlir
    %y = call @f_k0_gelu(%x) : (tensor<4x8xf32>) -> tensor<4x8xf32>
    func.func private @f_k0_gelu(%arg0: tensor<4x8xf32> {bufferization.writable = false})
        -> tensor<4x8xf32> attributes {umc.kernel = 0 : i64, umc.source_ops = [...]} {
      %0 = umc.gelu %arg0 : tensor<4x8xf32>
      return %0 : tensor<4x8xf32>
    }
    ```

    Constants used by an op are copied into its kernel. Kernel arguments are
    read-only (`bufferization.writable = false`): they may be parameters or
    the caller's inputs. Kernels are numbered in program order across the
    module; `umc.source_ops` records the name and location of each op a
    kernel computes, for profiles and runtime errors. A `umc.fusion` (from
    `umc-fuse`) becomes one kernel that computes its whole body, named
    `<entry>_k<N>_fused_<rule>`, with one source op per op of the body. An
    entry point that holds an op the host program cannot run is an error at
    that op.

    A kernel whose `umc.embedding` takes its ids as an argument records
    `umc.index_checks`, a list of `{binding, bound, loc, op}`: argument
    `binding` must hold ids in `[0, bound)` (the table's rows). The kernel clamps a
    bad id, so that it never reads outside the table; the runtime checks
    the ids before it dispatches the kernel and fails the call with a
    message that names the op and its location. Ids computed inside a fused
    kernel are only clamped.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::tensor::TensorDialect"];
}

def UmcBuildHostProgram : Pass<"umc-build-host-program", "::mlir::ModuleOp"> {
  let summary = "Turn entry points into host functions on buffers";
  let description = [{
    After `umc-outline-kernels`, gives every tensor of an entry point a
    buffer and rewrites the entry point into a host function (the
    `umc_host` dialect's documentation describes its form): kernel calls
    become `umc_host.dispatch`, `umc.reshape` becomes `umc_host.reinterpret`
    (no data moves), `tensor.extract` becomes `memref.load`,
    `tensor.from_elements` and `tensor.splat` become a buffer written by
    `memref.store` or `umc_host.fill`, and results become out-parameters
    marked `umc_host.result`. `scf.for`, `scf.while` and `scf.if` stay; each
    tensor they carry gets a buffer of its own, which the loop's inits and
    yields are copied into (through temporaries when two carried buffers
    swap). Mutable `ml_program.global` state (zero-initialized) becomes a
    `memref.global`, its loads and stores `memref.get_global` views and
    copies. The kernels move into `umc_host.executable @kernels`.

    Nothing is copied that need not be:
    - a kernel whose result is returned (directly or reshaped) writes the
      caller's output buffer;
    - a kernel whose result is only stored to a state writes the state
      directly when no loaded value of that state is live between the
      kernel and the store;
    - a load of a state is a view of it unless the state is stored while
      the loaded value is still needed (then it is copied when loaded).

    Temporaries are `memref.alloc` until `umc-plan-host-memory` places
    them. Each parameter argument records how it starts without a
    checkpoint (`umc_host.init = "zeros" | "ones" | "normal"`), from the
    op that reads it: norm scales at one, biases at zero, weights normal.

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %y = call @f_k0_gelu(%x) : (tensor<4xf32>) -> tensor<4xf32>
      return %y : tensor<4xf32>
    }
    ```

    becomes

    ```mlir
    func.func @f(%x: memref<4xf32>, %out: memref<4xf32> {umc_host.result = 0 : i64}) {
      umc_host.dispatch @kernels::@f_k0_gelu ins(%x : memref<4xf32>)
          outs(%out : memref<4xf32>)
      return
    }
    umc_host.executable @kernels { builtin.module { func.func private @f_k0_gelu ... } }
    ```
  }];
  let dependentDialects = ["::umc::host::HostDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def UmcDeduplicateKernels
    : Pass<"umc-deduplicate-kernels", "::mlir::ModuleOp"> {
  let summary = "Merge kernels that compute the same thing";
  let description = [{
    A model that repeats a block (24 transformer layers) outlines one copy
    of each of the block's kernels per layer; they differ only in their
    names and source locations. After `umc-build-host-program`, kernels of
    an executable whose bodies are equivalent (locations ignored) and whose
    attributes agree (all but `sym_name`, `umc.kernel` and
    `umc.source_ops`) are merged: the first in program order stays, and
    the others become entries of the executable's `kernel_aliases`, which
    run its code. Code generation, most of a compile, then grows with the
    distinct blocks of a model rather than its layers.

    Nothing that names a call site is lost: dispatches keep naming the
    alias, whose source ops and index checks are its own, so profiles and
    errors still tell the layers apart.

    ```mlir
    umc_host.dispatch @kernels::@block_k3_linear(...)
    umc_host.dispatch @kernels::@block_k17_linear(...)  // same body
    ```

    keeps both dispatches; `@block_k17_linear` is erased and the executable
    gets `kernel_aliases = {block_k17_linear = {same_as = "block_k3_linear",
    source_ops = [...]}}`.
  }];
}

def UmcPlanHostMemory : Pass<"umc-plan-host-memory", "::mlir::ModuleOp"> {
  let summary = "Place each host function's temporaries in one arena";
  let description = [{
    Replaces every `memref.alloc` of a host function by an
    `umc_host.arena_view` at a planned byte offset of the function's
    scratch arena, and records the arena's size as `umc_host.arena_bytes`.
    Buffers whose lifetimes overlap never share bytes; the others reuse
    them, largest first, each at the lowest 64-byte-aligned offset that
    fits. A buffer lives from its allocation to its last use, a use through
    a `umc_host.reinterpret` view counting as a use, and a use inside a loop
    or branch keeps it live to the end of that loop or branch (a loop may
    run the use again).

    ```mlir
    %a = memref.alloc() : memref<1024xf32>   // last used by dispatch 1
    %b = memref.alloc() : memref<1024xf32>   // first used after it
    ```

    become `umc_host.arena_view [0]` both, with `umc_host.arena_bytes =
    4096`.
  }];
  let dependentDialects = ["::umc::host::HostDialect"];
}

def UmcToLinalg : Pass<"umc-to-linalg"> {
  let summary = "Lower umc primitive ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every primitive umc op into `linalg.generic` ops (and tensor
    reshapes, pads and slices) on tensors, with the exact math of the op's
    documentation. `f16` and `bf16` values are computed in `f32` and rounded
    once at the end; reductions accumulate in `f32`.

    The last op of each lowering carries `umc.partition =
    #umc.partition<loops = N>`: only its N outermost loops may be split into
    workgroups (a norm's row, a softmax axis or an attention head dim must
    stay whole in one workgroup); a `linear` adds `split_columns`.

    An op without a lowering is reported at its location and the pass fails.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def UmcSliceUpdateInPlace
    : Pass<"umc-slice-update-in-place", "::mlir::func::FuncOp"> {
  let summary = "Let a state's slice update write only the slice";
  let description = [{
    Runs before bufferization. In a kernel marked `umc.in_place_operand`
    (its output is bound to that input: a state updated in place) whose
    result is a `tensor.insert_slice` into that input, the input is marked
    `bufferization.writable`: the slice is then written into the input's
    buffer, and the copy of the whole input into the output that
    bufferization adds at the end copies a buffer onto itself, which
    `umc-cpu-kernel-abi` removes. A decode step appending one row to a KV
    cache then writes the row, not the cache.

    Without it, each append copied the whole cache over itself before
    writing the row: O(context) work per token (16 caches of 192 KiB a
    step in the bench's LM).

    ```mlir
    // umc.in_place_operand = 0
    func.func private @k(%cache: tensor<1x4x192x64xf32>, %row: tensor<1x4x1x64xf32>, ...)
      %r = tensor.insert_slice %row into %cache[0, 0, %pos, 0] [1, 4, 1, 64] [1, 1, 1, 1]
      return %r
    ```
  }];
}

def UmcElementwiseInPlace
    : Pass<"umc-elementwise-in-place", "::mlir::func::FuncOp"> {
  let summary = "Let elementwise epilogues write over the tile they read";
  let description = [{
    Runs after workgroup tiling, before bufferization. An elementwise
    `linalg.generic` (all loops parallel, identity maps) whose result does
    not depend on its init's old value takes as its init an input of the
    same type that a linalg op produced and nothing else reads: a GEMM's
    epilogue (bias + GELU, a residual add) then writes over the GEMM's tile
    instead of a fresh one. Slices of empty tensors are folded to empty
    tensors and `tensor.empty` is eliminated where the chain's result is
    inserted into a destination (upstream empty-tensor elimination), so the
    whole chain bufferizes into the kernel's output slice. A kernel marked
    `umc.in_place_operand` (its output is bound to an input: a state updated
    in place) is left alone, since an earlier op of its chain written into
    the output would overwrite values the chain still reads.

    Without it, the GEMM's tile got a buffer of its own per workgroup (a
    malloc, an mmap and page faults past 128 KiB) and the epilogue copied
    it out: a 1024 x 768 -> 3072 linear with bias and GELU ran at 107
    GFLOP/s against 163 for the linear alone; with it, at about the same.

    ```mlir
    %g = linalg.generic ... outs(%bias_tile) -> tensor<1x?x128xf32>   // GEMM
    %e = linalg.generic ins(%g) outs(%out_slice) { gelu }
    ```

    becomes `%e = linalg.generic ins(%g) outs(%g) { gelu }`, with the GEMM's
    chain starting from the output's slice.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def UmcSelectWorkgroupTiles
    : Pass<"umc-select-workgroup-tiles", "::mlir::func::FuncOp"> {
  let summary = "Choose how each kernel splits into workgroups";
  let description = [{
    The strategy half of workgroup tiling: in each `umc.kernel` function,
    picks the root op (the last op that computes a result) and records on
    it the tile of each of its loops that one workgroup computes, as
    `umc.workgroup_tiles = #umc.workgroup_tiles<[...]>` (0: the loop is not
    split). `umc-tile-workgroups` applies it.

    Only the outer loops that every op of the kernel lets be split
    (`#umc.partition<loops = N>`, set by `umc-to-linalg`; the smallest N
    wins) are split, and a kernel none of whose ops states a partition
    stays one workgroup: the pass fails safe. Tile sizes aim for
    `target-workgroups` workgroups of at least `min-workgroup-iterations`
    iterations of the root's loops each (result elements times the extent
    of the loops it reduces, so a GEMV's one row of outputs is split too);
    a kernel with too little work stays one workgroup. Kernels around a `linear` (`split_columns`) split the output
    columns too, in slices of at least 128, when no op of the kernel needs
    whole rows.

    Tiles are rounded up to whole groups where the indexing maps read a
    loop through `floordiv N` or `mod N` (a kv head shared by N query
    heads, a channel group, a row of patches), in the root or in any op
    fused into it: MLIR's tiling shifts indices linearly, which is only
    right for those operands when tiles start on a group boundary.

    ```mlir
    %y = linalg.generic {...} ins(%x : tensor<64x128xf32>) ...
        {umc.partition = #umc.partition<loops = 1>}
    ```

    gets `umc.workgroup_tiles = #umc.workgroup_tiles<[32, 0]>` with the
    defaults (8192 elements: two workgroups of 4096).
  }];
  let options = [
    Option<"targetWorkgroups", "target-workgroups", "int64_t", "64",
           "Workgroups to aim for when the work allows">,
    Option<"minWorkgroupIterations", "min-workgroup-iterations", "int64_t",
           "4096",
           "Fewest loop iterations (result elements times the reduced "
           "extent) worth a workgroup of their own">
  ];
}

def UmcTileWorkgroups : Pass<"umc-tile-workgroups", "::mlir::func::FuncOp"> {
  let summary = "Split each kernel into the grid of workgroups chosen for it";
  let description = [{
    The mechanism half of workgroup tiling: in each `umc.kernel` function,
    tiles the op marked `umc.workgroup_tiles` (by
    `umc-select-workgroup-tiles`) into an `scf.forall` and fuses the ops
    that feed it into the loop body. Each iteration of the forall is one
    workgroup: the CPU runtime hands them to a thread pool, the CUDA
    runtime launches them as blocks. A kernel without a marked op is left
    as one workgroup; two marked ops are an error.

    A fused kernel has one root: the last op that computes a result. Every
    other op is fused into its loop, and an intermediate the kernel also
    returns (the residual sum of `add` + `layer_norm`) is yielded by the same
    loop, so it is computed once.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def UmcCpuKernelAbi : Pass<"umc-cpu-kernel-abi", "::mlir::ModuleOp"> {
  let summary = "Give each bufferized kernel the CPU runtime's calling convention";
  let description = [{
    For each `umc.kernel` function (bufferized: memref arguments, inputs then
    outputs), creates the exported entry point

        int32_t umc_kernel_<N>(void **bindings, int64_t first, int64_t last)

    that builds the memrefs from the binding pointers and runs workgroups
    `first` to `last - 1`: the kernel's `scf.forall` becomes a loop over that
    range of the linearized grid. The grid size is recorded as
    `umc.workgroups` on the entry point. A kernel without a forall is a grid
    of one workgroup. The return value is 0 (success).

    Workgroups are independent only if nothing outside the loop writes to
    a binding: the code around the loop runs again for every range of the
    grid. A kernel that does (a result reshaped and copied out after the
    loop) runs its whole grid in one workgroup.

    Copies between memrefs (`memref.copy`) become `linalg.copy`, so that they
    lower to loops rather than to a call of MLIR's `memrefCopy` helper: the
    kernels must load where no MLIR runtime library exists.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect"];
}

def UmcCpuApproximateMath : Pass<"umc-cpu-approximate-math"> {
  let summary = "Replace transcendental math with polynomial approximations";
  let description = [{
    Rewrites `math.exp`, `math.tanh`, `math.erf`, `math.sin`, `math.cos` and
    friends on `f32` into polynomial approximations (MLIR's
    `populateMathPolynomialApproximationPatterns`) accurate to a few ulp.
    `math.erf` (GELU) gets one rational function of x² on [-4, 4] instead
    (Eigen's and XLA's coefficients, |error| < 5e-7): no selects between
    intervals, so GELU stays close to memory speed.
    They vectorize, and the kernels then need no libm: the shared object
    that holds them loads into any process.
  }];
  let dependentDialects = ["::mlir::math::MathDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def UmcCpuPackWeights : Pass<"umc-cpu-pack-weights", "::mlir::ModuleOp"> {
  let summary = "Pack linear weights for the GEMM ukernel once, when "
                "parameters are loaded";
  let description = [{
    A host-program pass of the CPU back end (after `umc-build-host-program`).
    The GEMM ukernel copies a linear's weight into k-major slivers before
    its microkernel reads them; in every workgroup of every call, that is
    the same copy once per tile of rows. This pass makes the copy once, when
    the parameters are set, as IREE's data tiling hoists the pack of a
    constant weight into an initializer:

    - each f32 weight `[N, K]` (N a multiple of 16) that a kernel reads only
      as the weight of a `umc.linear` of at least 16 rows per batch entry
      (the rows a workgroup's tile can hold), and that every
      dispatch of that kernel passes straight from a parameter argument,
      gets a state `packed.<param>` of `[N / 16, K, 16]`, with
      `packed[b, k, j] = w[16 b + j, k]` (`umc_ukernel_gemm_packed_f32`'s
      layout);
    - the module gets the entry point `umc_derive_params`
      (`umc.role = "params.derive"`), taking those parameters and
      dispatching a pack kernel per weight (`derive_kN_pack_weight`, whose
      source op is the linear); the runtime runs it whenever the
      parameters are set, before the next call;
    - the linear's kernel takes the packed state instead, and reads it
      through an unpacking generic at its top,
      `w[n, k] = p[n floordiv 16, k, n mod 16]`, which
      `umc-cpu-use-ukernels` folds into a `umc_ukernel_gemm_packed_f32`
      call. Unfolded, it computes the same weight: the pass never changes a
      result, only where the copy happens.

    The host function keeps its parameter argument, so a call still needs
    the parameter and says so when it is missing. The decision is per
    kernel argument: a linear whose tiles have fewer than 16 rows (a decode
    step's GEMV reads the weight once, as it is), a kernel that reads the
    weight any other way, or one that some dispatch passes something other
    than a parameter keeps the parameter itself. A module that writes its
    parameters (a training step) is left alone.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::tensor::TensorDialect"];
}

def UmcCpuUseUkernels : Pass<"umc-cpu-use-ukernels", "::mlir::ModuleOp"> {
  let summary = "Compute linear and matmul contractions with the packed "
                "GEMM ukernels";
  let description = [{
    Replaces each f32 contraction of the form of a `linear` or of a
    `matmul` whose right operand has no batch dimensions,

        out[rows..., n] += a[rows..., k] * w[n, k]     (loops rows..., n, k)
        out[rows..., n] += a[rows..., k] * b[k, n]     (loops rows..., k, n)

    on buffers whose row dimensions collapse into one (a workgroup's tile of
    rows, with any leading batch dimensions), by a call to
    `umc_ukernel_gemm_nt_f32` or `umc_ukernel_gemm_nn_f32`
    (include/umc/Ukernels/Ukernels.h) with the three addresses, their
    leading dimensions and the sizes. The ukernel
    packs panels of the weight and runs a register-blocked outer-product
    microkernel (6 x 16 on AVX2, 12 x 32 on AVX-512) over them and the rows,
    where the loops it replaces computed dot products that LLVM vectorized
    along k.

    A linear whose weight tile is filled by `umc-cpu-pack-weights`'
    unpacking generic from a packed weight calls
    `umc_ukernel_gemm_packed_f32` on the packed blocks instead (no copy of
    the weight at all); the generic and its tile buffer go.

    The accumulator's initial value (the bias, or zeros) is written before
    the call as before, and epilogue ops run on the tile after it. Every
    output is still summed in increasing k from its initial value, so the
    result does not depend on the tiling or the thread count. The pass
    declares the ukernel; the CPU back end links its definition, compiled
    for the kernel library's x86-64 level, from the bitcode umc-compile
    carries. Contractions of another form (f16/bf16, a batched right
    operand, strided rows) and those of fewer than 16 rows (a decode step's GEMV,
    where packing the weight would not pay) are left to
    `umc-cpu-unroll-jam-contractions`.

    An attention that `umc-to-linalg` marked `umc.flash_attention` (f32, a
    full, causal or sliding-window mask, no bias, key padding or qk-norm; a
    run-time query offset from 16 queries on) is replaced whole: its generics on the workgroup's
    tile (scores, row max, exponentials, row sums, weighted values,
    division) become a loop over the tile's (batch, head) pairs calling
    `umc_ukernel_attention_f32` on the views of q, k, v and the output,
    with the tile's first query position (the op's offset plus the tile's
    first query, with an offset) and the end of the filled keys; their
    scratch buffers go too.
    The ukernel computes flash-style: an online softmax over blocks of
    keys, the GEMM for both products, and key blocks the mask hides from
    every query of a block skipped.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

def UmcCpuUnrollJamContractions : Pass<"umc-cpu-unroll-jam-contractions"> {
  let summary = "Block dot-product contractions over several outputs";
  let description = [{
    A contraction whose reduction loop is innermost (a `linear`: each output
    is a dot product of two contiguous rows) becomes loops in which one pass
    over k computes a block of `rows` x `factor` outputs (the last two
    parallel loops, unrolled and jammed into the reduction). Their
    accumulators are loop-carried values, and each element of an input row
    or a weight row is loaded once for the whole block instead of once per
    output. A block dimension shrinks (by halves) until it divides its
    loop's static trip count; contractions with dynamic sizes or another
    shape are left to `convert-linalg-to-loops`.

    Runs on buffers, after the kernel ABI and before the other linalg ops
    become loops. LLVM then vectorizes the k loop, with one vector
    accumulator per output of the block.
  }];
  let options = [
    Option<"factor", "factor", "int64_t", "4",
           "Neighbouring outputs along the last parallel loop per pass over "
           "the reduction">,
    Option<"rows", "rows", "int64_t", "4",
           "Neighbouring outputs along the parallel loop before it (rows) "
           "per pass over the reduction">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // UMC_CODEGEN_PASSES_TD
