//===- Artifact.cpp - a loaded, checked .umcb artifact --------------------===//
#include "umc/Runtime/Artifact.h"

#include "umc/Schema/ArtifactVersion.h"
#include "umc/Schema/Checksum.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace umc::rt {

DType dtypeOf(const fb::TensorType &type) {
  return static_cast<DType>(type.dtype());
}

std::vector<int64_t> shapeOf(const fb::TensorType &type) {
  if (!type.shape())
    return {};
  return std::vector<int64_t>(type.shape()->begin(), type.shape()->end());
}

std::string describe(const fb::TensorType &type) {
  return describeType(dtypeOf(type), shapeOf(type));
}

uint64_t byteSize(const fb::TensorType &type) {
  return static_cast<uint64_t>(numElements(shapeOf(type))) *
         dtypeSize(dtypeOf(type));
}

namespace {

std::string versionString(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

/// The version field alone, from a buffer that may not verify as a whole
/// (a newer major version may have changed anything after it).
const fb::Version *readVersion(const uint8_t *data, size_t size) {
  if (size < 8 || flatbuffers::ReadScalar<flatbuffers::uoffset_t>(data) >
                      size - sizeof(flatbuffers::uoffset_t))
    return nullptr;
  flatbuffers::Verifier verifier(data, size);
  // Module inherits Table privately; its layout is a Table's.
  const auto *root = reinterpret_cast<const flatbuffers::Table *>(
      fb::GetModule(data));
  if (!root->VerifyTableStart(verifier) ||
      !root->VerifyFieldRequired<fb::Version>(verifier, fb::Module::VT_VERSION,
                                              2))
    return nullptr;
  return root->GetStruct<const fb::Version *>(fb::Module::VT_VERSION);
}

bool validShape(const fb::TensorType *type) {
  if (!type || static_cast<unsigned>(type->dtype()) >
                   static_cast<unsigned>(fb::DType::MAX))
    return false;
  if (type->shape())
    for (int64_t d : *type->shape())
      if (d < 0 || d > (int64_t(1) << 40))
        return false;
  return true;
}

/// The checks that make every later read of the artifact safe.
Status checkFunction(const fb::Module &module, const fb::Function &fn) {
  std::string where = "function '" + fn.name()->str() + "'";
  size_t numInputs = fn.inputs() ? fn.inputs()->size() : 0;
  size_t numOutputs = fn.outputs() ? fn.outputs()->size() : 0;
  size_t numParams = module.params() ? module.params()->size() : 0;
  size_t numViews = fn.views() ? fn.views()->size() : 0;
  size_t numKernels = module.cpu() && module.cpu()->kernels()
                          ? module.cpu()->kernels()->size()
                          : 0;
  for (size_t i = 0; i < numInputs; ++i)
    if (!validShape(fn.inputs()->Get(i)))
      return Status::error(where + ": input " + std::to_string(i) +
                           " has an invalid type");
  for (size_t i = 0; i < numOutputs; ++i)
    if (!validShape(fn.outputs()->Get(i)))
      return Status::error(where + ": output " + std::to_string(i) +
                           " has an invalid type");
  if (fn.params())
    for (uint32_t p : *fn.params())
      if (p >= numParams)
        return Status::error(where + " uses parameter " + std::to_string(p) +
                             " of " + std::to_string(numParams));
  for (size_t i = 0; i < numViews; ++i) {
    const fb::View *view = fn.views()->Get(i);
    std::string at = where + ", view " + std::to_string(i);
    if (!validShape(view->type()))
      return Status::error(at + " has an invalid type");
    uint64_t bytes = byteSize(*view->type());
    uint64_t capacity = 0;
    // The verifier checks layout, not enum ranges.
    if (view->storage() > fb::StorageKind::MAX)
      return Status::error(at + " has an unknown storage kind");
    switch (view->storage()) {
    case fb::StorageKind::input:
      if (view->index() >= numInputs)
        return Status::error(at + " names a missing input");
      capacity = byteSize(*fn.inputs()->Get(view->index()));
      break;
    case fb::StorageKind::param:
      if (view->index() >= numParams ||
          !validShape(module.params()->Get(view->index())->type()))
        return Status::error(at + " names a missing parameter");
      capacity = byteSize(*module.params()->Get(view->index())->type());
      break;
    case fb::StorageKind::output:
      if (view->index() >= numOutputs)
        return Status::error(at + " names a missing output");
      capacity = byteSize(*fn.outputs()->Get(view->index()));
      break;
    case fb::StorageKind::arena:
      capacity = fn.arena_bytes();
      break;
    }
    if (view->byte_offset() > capacity || bytes > capacity - view->byte_offset())
      return Status::error(at + " reaches past the end of its storage");
  }
  if (fn.commands()) {
    for (size_t i = 0; i < fn.commands()->size(); ++i) {
      const fb::Command *command = fn.commands()->Get(i);
      std::string at = where + ", command " + std::to_string(i);
      size_t numBindings = command->bindings() ? command->bindings()->size() : 0;
      for (size_t b = 0; b < numBindings; ++b)
        if (command->bindings()->Get(b) >= numViews)
          return Status::error(at + " binds a missing view");
      if (command->kind() == fb::CommandKind::copy) {
        if (numBindings != 2 ||
            byteSize(*fn.views()->Get(command->bindings()->Get(0))->type()) !=
                byteSize(*fn.views()->Get(command->bindings()->Get(1))->type()))
          return Status::error(at + " is a copy between different sizes");
      } else if (command->kind() == fb::CommandKind::dispatch) {
        if (command->kernel() >= numKernels)
          return Status::error(at + " runs a missing kernel");
        const fb::Kernel *kernel = module.cpu()->kernels()->Get(command->kernel());
        if (kernel->num_bindings() != numBindings)
          return Status::error(at + " binds " + std::to_string(numBindings) +
                               " buffers to a kernel that takes " +
                               std::to_string(kernel->num_bindings()));
      } else {
        return Status::error(at + " has an unknown kind");
      }
    }
  }
  return Status::ok();
}

Status checkModule(const fb::Module &module) {
  if (module.params())
    for (const fb::ParamSpec *param : *module.params())
      if (!validShape(param->type()))
        return Status::error("parameter '" + param->name()->str() +
                             "' has an invalid type");
  if (module.cpu() && module.cpu()->kernels())
    for (const fb::Kernel *kernel : *module.cpu()->kernels())
      if (kernel->workgroups() < 1)
        return Status::error("kernel '" + kernel->symbol()->str() +
                             "' has an empty grid");
  if (module.functions())
    for (const fb::Function *fn : *module.functions())
      UMC_RETURN_IF_ERROR(checkFunction(module, *fn));
  return Status::ok();
}

} // namespace

Result<std::shared_ptr<const Artifact>>
Artifact::fromBytes(std::vector<uint8_t> bytes, std::string name) {
  const uint8_t *data = bytes.data();
  size_t size = bytes.size();
  if (size < 8 || !fb::ModuleBufferHasIdentifier(data))
    return Status::error(name + " is not a umc artifact (no 'UMCB' "
                                "identifier); make one with umc-compile");
  const fb::Version *version = readVersion(data, size);
  if (!version)
    return Status::error(name + " is corrupted: its header is unreadable");
  std::string ours = versionString(kArtifactMajorVersion, kArtifactMinorVersion);
  std::string theirs = versionString(version->major(), version->minor());
  if (version->major() != kArtifactMajorVersion)
    return Status::error(
        name + " uses artifact schema " + theirs + ", but this runtime reads " +
        ours + " (major versions must match): recompile the model with the "
        "umc-compile that matches this runtime, or use a runtime for schema " +
        std::to_string(version->major()) + ".x");
  if (version->minor() > kArtifactMinorVersion)
    return Status::error(name + " uses artifact schema " + theirs +
                         ", newer than this runtime's " + ours +
                         ": upgrade umc-run, or recompile with an older "
                         "umc-compile");

  flatbuffers::Verifier verifier(data, size);
  if (!fb::VerifyModuleBuffer(verifier))
    return Status::error(name + " is corrupted: the FlatBuffers verifier "
                                "rejected it (truncated or damaged file?)");
  const auto *table =
      reinterpret_cast<const flatbuffers::Table *>(fb::GetModule(data));
  const uint8_t *stored = table->GetAddressOf(fb::Module::VT_CHECKSUM);
  if (!stored)
    return Status::error(name + " is corrupted: it has no checksum");
  size_t checksumOffset = static_cast<size_t>(stored - data);
  if (flatbuffers::ReadScalar<uint64_t>(stored) !=
      artifactChecksum(data, size, checksumOffset))
    return Status::error(name + " is corrupted: its checksum does not match "
                                "its contents (damaged in transfer?)");
  Status valid = checkModule(*fb::GetModule(data));
  if (!valid.isOk())
    return valid.withContext(name + " is inconsistent");
  return std::shared_ptr<const Artifact>(
      new Artifact(std::move(bytes), std::move(name)));
}

Result<std::shared_ptr<const Artifact>>
Artifact::load(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::error("cannot open " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    return Status::error("cannot read " + path + ": " + std::strerror(errno));
  return fromBytes(std::move(bytes), path);
}

Result<const fb::Function *> Artifact::function(const std::string &name) const {
  std::string names;
  if (module().functions())
    for (const fb::Function *fn : *module().functions()) {
      if (fn->name()->str() == name)
        return fn;
      names += (names.empty() ? "" : ", ") + fn->name()->str();
    }
  return Status::error(name_ + " has no function '" + name +
                       "'; it has: " + (names.empty() ? "none" : names));
}

Result<const fb::Function *> Artifact::defaultFunction() const {
  const auto *functions = module().functions();
  if (functions && functions->size() == 1)
    return functions->Get(0);
  std::string names;
  if (functions)
    for (const fb::Function *fn : *functions)
      names += (names.empty() ? "" : ", ") + fn->name()->str();
  return Status::error(name_ + " has " +
                       std::to_string(functions ? functions->size() : 0) +
                       " functions (" + (names.empty() ? "none" : names) +
                       "): choose one with --function");
}

} // namespace umc::rt
