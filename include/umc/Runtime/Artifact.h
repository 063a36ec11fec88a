//===- Artifact.h - a loaded, checked .umcb artifact ------------*- C++ -*-===//
//
// Loading runs the FlatBuffers verifier and then checks what the verifier
// cannot (indices in range, views inside their storage, sizes that agree)
// before anything else reads the artifact, so a truncated, corrupted or
// hand-edited file is refused with a message instead of crashing the
// runtime. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_ARTIFACT_H
#define UMC_RUNTIME_ARTIFACT_H

#include "umc/Runtime/Status.h"
#include "umc/Runtime/Tensor.h"
#include "umc/Schema/umcb_generated.h"

#include <memory>
#include <string>
#include <vector>

namespace umc::rt {

class Artifact {
public:
  /// Reads and checks the artifact at `path`; errors name the file.
  static Result<std::shared_ptr<const Artifact>> load(const std::string &path);
  /// Checks an artifact held in memory; `name` is used in messages.
  static Result<std::shared_ptr<const Artifact>>
  fromBytes(std::vector<uint8_t> bytes, std::string name);

  const fb::Module &module() const {
    return *fb::GetModule(bytes_.data());
  }
  const std::string &name() const { return name_; }

  /// The function called `name`; an error lists the functions there are.
  Result<const fb::Function *> function(const std::string &name) const;
  /// The function to run when none is named: the only one, if there is one.
  Result<const fb::Function *> defaultFunction() const;

private:
  Artifact(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  std::vector<uint8_t> bytes_;
  std::string name_;
};

/// A tensor type of the artifact as a runtime type.
DType dtypeOf(const fb::TensorType &type);
std::vector<int64_t> shapeOf(const fb::TensorType &type);
/// "f32[2, 16]".
std::string describe(const fb::TensorType &type);
/// numElements * element size.
uint64_t byteSize(const fb::TensorType &type);

/// What `umc-run inspect` prints: functions, parameters, kernels,
/// provenance. Reads the artifact only, never its code.
std::string describeArtifact(const Artifact &artifact);

} // namespace umc::rt

#endif // UMC_RUNTIME_ARTIFACT_H
