//===- Artifact.cpp - loading a .umcb artifact ----------------------------===//
//
// The only file of the runtime that reads FlatBuffers: it verifies the
// buffer, decodes it into the structs of Module.h and hands them to
// checkModule (CheckModule.cpp).
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/Artifact.h"

#include "CheckModule.h"

#include "umc/Runtime/FileIO.h"
#include "umc/Schema/ArtifactVersion.h"
#include "umc/Schema/Checksum.h"
#include "umc/Schema/umcb_generated.h"

#include <cstring>

namespace umc::rt {
namespace {

std::string versionString(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

/// The version field alone, from a buffer that may not verify as a whole
/// (another major version may have changed anything after it).
const fb::Version *readVersion(const uint8_t *data, size_t size) {
  if (size < 8 || flatbuffers::ReadScalar<flatbuffers::uoffset_t>(data) >
                      size - sizeof(flatbuffers::uoffset_t))
    return nullptr;
  flatbuffers::Verifier verifier(data, size);
  // Module inherits Table privately; its layout is a Table's.
  const auto *root =
      reinterpret_cast<const flatbuffers::Table *>(fb::GetModule(data));
  if (!root->VerifyTableStart(verifier) ||
      !root->VerifyFieldRequired<fb::Version>(verifier, fb::Module::VT_VERSION,
                                              2))
    return nullptr;
  return root->GetStruct<const fb::Version *>(fb::Module::VT_VERSION);
}

std::string str(const flatbuffers::String *s) { return s ? s->str() : ""; }

/// The elements of a scalar vector, copied byte-wise: the verifier checks
/// where a vector starts, not that 8-byte elements are 8-byte aligned.
template <typename T> std::vector<T> copyOf(const flatbuffers::Vector<T> *v) {
  std::vector<T> out(v ? v->size() : 0);
  if (!out.empty())
    std::memcpy(out.data(), v->Data(), out.size() * sizeof(T));
  return out;
}

TensorType decode(const fb::TensorType *type) {
  TensorType t;
  if (!type)
    return t;
  t.dtype = static_cast<DType>(type->dtype());
  t.shape = copyOf(type->shape());
  return t;
}

std::vector<TensorType> decode(
    const flatbuffers::Vector<flatbuffers::Offset<fb::TensorType>> *types) {
  std::vector<TensorType> out;
  if (types)
    for (const fb::TensorType *t : *types)
      out.push_back(decode(t));
  return out;
}

Instruction decode(const fb::Instruction &in) {
  Instruction i;
  i.opcode = static_cast<Opcode>(in.opcode());
  i.op = static_cast<ScalarOp>(in.op());
  i.kernel = in.kernel();
  i.views = copyOf(in.views());
  i.dst = in.dst();
  i.operands = copyOf(in.operands());
  i.intValue = in.int_value();
  i.floatValue = in.float_value();
  i.target = in.target();
  i.targetFalse = in.target_false();
  return i;
}

Function decode(const fb::Function &in) {
  Function f;
  f.name = in.name()->str();
  f.inputs = decode(in.inputs());
  f.outputs = decode(in.outputs());
  f.params = copyOf(in.params());
  if (in.views())
    for (const fb::View *v : *in.views())
      f.views.push_back({static_cast<Storage>(v->storage()), v->index(),
                         v->byte_offset(), decode(v->type())});
  if (in.registers())
    for (fb::ScalarType t : *in.registers())
      f.registers.push_back(static_cast<ScalarType>(t));
  if (in.code())
    for (const fb::Instruction *i : *in.code())
      f.code.push_back(decode(*i));
  f.arenaBytes = in.arena_bytes();
  f.role = str(in.role());
  f.context = in.context();
  f.sampler = str(in.sampler());
  f.inputNames.assign(f.inputs.size(), std::string());
  if (in.input_names())
    for (size_t i = 0; i < in.input_names()->size() && i < f.inputs.size(); ++i)
      f.inputNames[i] = str(in.input_names()->Get(i));
  return f;
}

Module decode(const fb::Module &in) {
  Module m;
  m.major = in.version()->major();
  m.minor = in.version()->minor();
  m.tokenizer = str(in.tokenizer());
  if (in.functions())
    for (const fb::Function *f : *in.functions())
      m.functions.push_back(decode(*f));
  if (in.params())
    for (const fb::ParamSpec *p : *in.params())
      m.params.push_back({p->name()->str(), decode(p->type()),
                          static_cast<InitKind>(p->init()), p->init_std()});
  if (in.states())
    for (const fb::StateSpec *s : *in.states())
      m.states.push_back({s->name()->str(), decode(s->type())});
  if (in.kernels())
    for (const fb::Kernel *k : *in.kernels()) {
      Kernel kernel;
      kernel.name = k->name()->str();
      kernel.bindings = decode(k->bindings());
      kernel.numInputs = k->num_inputs();
      if (k->source_ops())
        for (const fb::SourceOp *op : *k->source_ops())
          kernel.sourceOps.push_back({str(op->name()), str(op->location())});
      kernel.flops = k->flops();
      if (k->index_checks())
        for (const fb::IndexCheck *check : *k->index_checks()) {
          // A 2.1 or 2.2 artifact has no words for its checks.
          std::string noun = check->noun() ? str(check->noun()) : "index";
          std::string range =
              check->range() ? str(check->range())
                             : "[0, " + std::to_string(check->bound()) + ")";
          kernel.indexChecks.push_back({check->binding(), check->bound(),
                                        str(check->op()),
                                        str(check->location()), noun, range});
        }
      m.kernels.push_back(std::move(kernel));
    }
  if (in.executables())
    for (const fb::Executable *e : *in.executables()) {
      Executable exe;
      exe.target = e->target()->str();
      exe.format = e->format()->str();
      exe.abiVersion = e->abi_version();
      exe.triple = str(e->target_triple());
      exe.cpu = str(e->target_cpu());
      exe.features = str(e->target_features());
      if (e->image()) {
        exe.image = e->image()->data();
        exe.imageSize = e->image()->size();
      }
      if (e->entry_points())
        for (const fb::EntryPoint *entry : *e->entry_points())
          exe.entryPoints.push_back(
              {entry->kernel(), entry->symbol()->str(), entry->workgroups()});
      m.executables.push_back(std::move(exe));
    }
  if (const fb::Provenance *p = in.provenance()) {
    m.provenance.compilerVersion = str(p->compiler_version());
    m.provenance.gitRevision = str(p->git_revision());
    m.provenance.target = str(p->target());
    m.provenance.sourceName = str(p->source_name());
    m.provenance.sourceSha256 = str(p->source_sha256());
    if (p->flags())
      for (const flatbuffers::String *flag : *p->flags())
        m.provenance.flags.push_back(flag->str());
  }
  return m;
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

  std::shared_ptr<Artifact> artifact(new Artifact());
  artifact->module_ = decode(*fb::GetModule(data));
  Status valid = checkModule(artifact->module_);
  if (!valid.isOk())
    return valid.withContext(name + " is inconsistent");
  artifact->bytes_ = std::move(bytes); // the images point into these bytes
  artifact->name_ = std::move(name);
  return std::shared_ptr<const Artifact>(std::move(artifact));
}

Result<std::shared_ptr<const Artifact>>
Artifact::load(const std::string &path) {
  auto bytes = readFileLimited(path, kMaxArtifactBytes, "an artifact");
  if (!bytes.isOk())
    return bytes.status();
  return fromBytes(std::move(bytes.value()), path);
}

Result<const Function *> Artifact::function(const std::string &name) const {
  std::string names;
  for (const Function &fn : module_.functions) {
    if (fn.name == name)
      return &fn;
    names += (names.empty() ? "" : ", ") + fn.name;
  }
  return Status::error(name_ + " has no function '" + name +
                       "'; it has: " + (names.empty() ? "none" : names));
}

Result<const Function *> Artifact::defaultFunction() const {
  // The Program runs a "params.derive" function itself.
  std::vector<const Function *> callable;
  for (const Function &fn : module_.functions)
    if (!fn.derivesFromParams())
      callable.push_back(&fn);
  if (callable.size() == 1)
    return callable.front();
  std::string names;
  for (const Function *fn : callable)
    names += (names.empty() ? "" : ", ") + fn->name;
  return Status::error(name_ + " has " + std::to_string(callable.size()) +
                       " functions (" + (names.empty() ? "none" : names) +
                       "): choose one with --function");
}

} // namespace umc::rt
