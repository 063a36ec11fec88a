//===- Module.h - an artifact, decoded and checked --------------*- C++ -*-===//
//
// What the loader makes of a .umcb file: plain structs, decoded once and
// checked so that everything after it (the interpreter, the devices, the
// tools) may index without checking again. The FlatBuffers types stay
// inside the loader (Artifact.cpp). No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_MODULE_H
#define UMC_RUNTIME_MODULE_H

#include "umc/Runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

struct TensorType {
  DType dtype = DType::f32;
  std::vector<int64_t> shape;
  /// numElements * dtypeSize; the loader checks it fits in 63 bits.
  uint64_t bytes = 0;

  std::string describe() const { return describeType(dtype, shape); }
  bool operator==(const TensorType &o) const {
    return dtype == o.dtype && shape == o.shape;
  }
  bool operator!=(const TensorType &o) const { return !(*this == o); }
};

enum class InitKind : uint8_t { Zeros, Ones, Normal };

struct ParamSpec {
  std::string name;
  TensorType type;
  InitKind init = InitKind::Normal;
  float initStd = 0;
};

/// A buffer that persists across calls, zero-filled when a program loads.
struct StateSpec {
  std::string name;
  TensorType type;
};

enum class Storage : uint8_t { Input, Param, Output, Arena, State };

/// A typed window on some storage.
struct View {
  Storage storage = Storage::Arena;
  uint32_t index = 0;
  uint64_t byteOffset = 0;
  TensorType type;
};

/// The type of a scalar register (schemas/umcb.fbs, ScalarType).
enum class ScalarType : uint8_t { i1, i8, i32, i64, f16, bf16, f32, f64 };
bool isFloat(ScalarType type);
/// Bits of a value of `type` (1 for i1).
unsigned widthOf(ScalarType type);
/// The register type that holds elements of `dtype`.
ScalarType registerTypeOf(DType dtype);

/// Same numbering as the schema's Opcode and ScalarOp.
enum class Opcode : uint8_t {
  Dispatch, Copy, Fill, Constant, Load, Store, Unary, Binary, Select,
  Branch, CondBranch, Return
};
enum class ScalarOp : uint8_t {
  None,
  Add, Sub, Mul, DivS, DivU, RemS, RemU, MinS, MaxS, MinU, MaxU,
  And, Or, Xor, Shl, ShrS, ShrU,
  AddF, SubF, MulF, DivF, MinF, MaxF,
  CmpEq, CmpNe, CmpSlt, CmpSle, CmpSgt, CmpSge, CmpUlt, CmpUle, CmpUgt, CmpUge,
  CmpfOeq, CmpfOne, CmpfOlt, CmpfOle, CmpfOgt, CmpfOge,
  CmpfUeq, CmpfUne, CmpfUlt, CmpfUle, CmpfUgt, CmpfUge, CmpfOrd, CmpfUno,
  NegF, ConvertS, ConvertU, Bitcast,
  Last = Bitcast
};
const char *opcodeName(Opcode opcode);

struct Instruction {
  Opcode opcode = Opcode::Return;
  ScalarOp op = ScalarOp::None;
  uint32_t kernel = 0;
  std::vector<uint32_t> views;
  uint32_t dst = 0;
  std::vector<uint32_t> operands;
  int64_t intValue = 0;
  double floatValue = 0;
  uint32_t target = 0, targetFalse = 0;
};

struct Function {
  std::string name;
  std::vector<TensorType> inputs, outputs;
  std::vector<uint32_t> params; // module parameters it reads
  std::vector<View> views;
  std::vector<ScalarType> registers;
  std::vector<Instruction> code;
  uint64_t arenaBytes = 0;
  /// What it is for ("text.prefill", "image.denoise", ...), or empty.
  std::string role;
  /// Whether it is the function of role "params.derive", which the Program
  /// runs itself when parameters are set (nobody calls it).
  bool derivesFromParams() const { return role == "params.derive"; }
  /// For "text.decode": the positions its KV cache holds.
  uint64_t context = 0;
  /// For "image.denoise": its sampler ("flow_euler", ...).
  std::string sampler;
  /// One per input: the name a driver feeds it by (a dataset's array,
  /// "seed", "lr", ...), or empty.
  std::vector<std::string> inputNames;

  /// "f32[2, 16], i32[]": the inputs, for messages.
  std::string signature() const;
};

struct SourceOp {
  std::string name;     // "umc.layer_norm"
  std::string location; // "model.mlir:12:8"
};

/// Every element of input `binding` (an integer tensor) must lie in
/// [0, bound): the ids of an embedding against its table's rows. The kernel
/// clamps a bad one; the interpreter checks before the dispatch and fails
/// the call, naming the op at `location`.
struct IndexCheck {
  uint32_t binding = 0;
  int64_t bound = 1;
  std::string op;       // "umc.embedding"
  std::string location; // "model.mlir:12:5"
  std::string noun;     // "id"
  std::string range;    // "the table's 256 rows"
};

/// A kernel as host programs see it, on any device.
struct Kernel {
  std::string name;
  std::vector<TensorType> bindings; // inputs, then outputs
  uint32_t numInputs = 0;
  std::vector<SourceOp> sourceOps;
  uint64_t flops = 0;
  std::vector<IndexCheck> indexChecks;
  uint64_t bytesRead = 0, bytesWritten = 0; // from the bindings

  /// "block_k3_layer_norm (umc.layer_norm at model.mlir:12:8)".
  std::string describe() const;
};

struct EntryPoint {
  uint32_t kernel = 0;
  std::string symbol;
  int64_t workgroups = 1;
};

/// The kernels' code for one target.
struct Executable {
  std::string target; // "cpu"
  std::string format; // "elf-x86_64-shared-object"
  uint32_t abiVersion = 0;
  std::string triple, cpu, features;
  /// The code, in the artifact's bytes (which the Artifact keeps alive).
  const uint8_t *image = nullptr;
  size_t imageSize = 0;
  std::vector<EntryPoint> entryPoints;
};

struct Provenance {
  std::string compilerVersion, gitRevision, target, sourceName, sourceSha256;
  std::vector<std::string> flags;
};

struct Module {
  uint16_t major = 0, minor = 0;
  std::vector<Function> functions;
  std::vector<ParamSpec> params;
  std::vector<StateSpec> states;
  std::vector<Kernel> kernels;
  std::vector<Executable> executables;
  Provenance provenance;
  /// How text becomes tokens ("bytes"), or empty for a model without text.
  std::string tokenizer;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_MODULE_H
