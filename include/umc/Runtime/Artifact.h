//===- Artifact.h - a loaded, checked .umcb artifact ------------*- C++ -*-===//
//
// Loading runs, in order: the file identifier, the schema version, the
// FlatBuffers verifier, the checksum, then decodes everything once into the
// plain structs of Module.h and checks what the verifier cannot (indices in
// range, views inside their storage, dispatches that bind buffers of the
// sizes their kernel reads, sizes that do not overflow), before anything
// else reads the artifact. A truncated, corrupted or hand-edited file is
// refused with a message; docs/artifact-format.md says exactly what these
// checks guarantee and what they do not (the code inside is native code: a
// checksum is not a signature). No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_ARTIFACT_H
#define UMC_RUNTIME_ARTIFACT_H

#include "umc/Runtime/Module.h"
#include "umc/Runtime/Status.h"

#include <memory>
#include <string>
#include <vector>

namespace umc::rt {

/// Artifacts larger than this are refused before they are read: a path
/// such as /dev/zero must not exhaust memory. The largest models umc
/// targets compile to a few hundred MB of code.
inline constexpr uint64_t kMaxArtifactBytes = uint64_t(4) << 30;

class Artifact {
public:
  /// Reads and checks the artifact at `path`; errors name the file.
  static Result<std::shared_ptr<const Artifact>> load(const std::string &path);
  /// Checks an artifact held in memory; `name` is used in messages.
  static Result<std::shared_ptr<const Artifact>>
  fromBytes(std::vector<uint8_t> bytes, std::string name);

  const Module &module() const { return module_; }
  const std::string &name() const { return name_; }

  /// The function called `name`; an error lists the functions there are.
  Result<const Function *> function(const std::string &name) const;
  /// The function to run when none is named: the only one, if there is one.
  Result<const Function *> defaultFunction() const;

private:
  Artifact() = default;

  std::vector<uint8_t> bytes_; // executables' images point into it
  std::string name_;
  Module module_;
};

/// What `umc-run inspect` prints: functions, state, parameters, kernels,
/// executables, provenance. Reads the artifact only, never its code.
std::string describeArtifact(const Artifact &artifact);

} // namespace umc::rt

#endif // UMC_RUNTIME_ARTIFACT_H
