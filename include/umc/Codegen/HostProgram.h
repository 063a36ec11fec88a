//===- HostProgram.h - what the runtime does between kernels ----*- C++ -*-===//
//
// After umc-outline-kernels an entry point is a list of kernel calls and
// reshapes. The host program is that list as data: which kernel runs on which
// buffers, where each buffer lives (an input, a parameter, an output, or a
// planned offset in a scratch arena), and which parameters exist. It is what
// the artifact's Function tables hold.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_HOSTPROGRAM_H
#define UMC_CODEGEN_HOSTPROGRAM_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <string>
#include <vector>

namespace umc {

enum class StorageKind { Input, Param, Output, Arena };

/// A typed window on storage; kernels bind views.
struct BufferView {
  StorageKind storage;
  unsigned index = 0;       // input, param or output number
  uint64_t byteOffset = 0;  // within the arena
  mlir::RankedTensorType type;
};

enum class CommandKind { Dispatch, Copy };

struct HostCommand {
  CommandKind kind;
  int64_t kernel = -1;                 // Dispatch only
  llvm::SmallVector<unsigned> bindings; // views: inputs then outputs
};

struct HostFunction {
  std::string name;
  llvm::SmallVector<mlir::RankedTensorType> inputs;
  llvm::SmallVector<mlir::RankedTensorType> outputs;
  llvm::SmallVector<unsigned> params; // module parameter numbers
  llvm::SmallVector<BufferView> views;
  llvm::SmallVector<HostCommand> commands;
  uint64_t arenaBytes = 0;
};

enum class ParamInit { Zeros, Ones, Normal };

struct ParamInfo {
  std::string name;
  mlir::RankedTensorType type;
  ParamInit init = ParamInit::Normal;
  float initStd = 0.0f;
};

struct SourceOpInfo {
  std::string name;
  std::string location;
};

struct KernelInfo {
  std::string name; // the outlined function, e.g. "block_k3_layer_norm"
  llvm::SmallVector<SourceOpInfo> sourceOps;
  unsigned numBindings = 0; // arguments, then results
  uint64_t bytesRead = 0;
  uint64_t bytesWritten = 0;
  /// Floating-point operations of the contractions (linear, matmul, conv2d,
  /// attention): 2 per multiply-add. Memory-bound ops count none.
  uint64_t flops = 0;
};

struct HostProgram {
  std::vector<HostFunction> functions;
  std::vector<ParamInfo> params;
  /// Indexed by kernel number (the `umc.kernel` attribute).
  std::vector<KernelInfo> kernels;
};

/// Reads the host program of every entry point of `module` (after
/// umc-outline-kernels) and erases the entry points, leaving the kernels.
/// Reports errors at the offending op.
mlir::FailureOr<HostProgram> extractHostProgram(mlir::ModuleOp module);

} // namespace umc

#endif // UMC_CODEGEN_HOSTPROGRAM_H
