//===- Inspect.cpp - a human-readable account of an artifact --------------===//
#include "umc/Runtime/Artifact.h"

#include <sstream>

namespace umc::rt {

static const char *initName(fb::InitKind kind) {
  switch (kind) {
  case fb::InitKind::zeros:
    return "zeros";
  case fb::InitKind::ones:
    return "ones";
  case fb::InitKind::normal:
    return "normal";
  }
  return "?";
}

static std::string str(const flatbuffers::String *s) {
  return s ? s->str() : std::string();
}

std::string describeArtifact(const Artifact &artifact) {
  const fb::Module &module = artifact.module();
  std::ostringstream os;
  os << artifact.name() << ": umc artifact, schema "
     << module.version()->major() << "." << module.version()->minor() << "\n";

  if (const fb::Provenance *p = module.provenance()) {
    os << "\nprovenance:\n"
       << "  compiler  umc " << str(p->compiler_version()) << " ("
       << str(p->git_revision()) << ")\n"
       << "  source    " << str(p->source_name()) << " (sha256 "
       << str(p->source_sha256()) << ")\n"
       << "  target    " << str(p->target()) << "\n"
       << "  flags    ";
    if (p->flags())
      for (const flatbuffers::String *flag : *p->flags())
        os << " " << flag->str();
    os << "\n";
  }

  os << "\nfunctions:\n";
  if (module.functions())
    for (const fb::Function *fn : *module.functions()) {
      os << "  " << fn->name()->str() << "(";
      size_t numInputs = fn->inputs() ? fn->inputs()->size() : 0;
      for (size_t i = 0; i < numInputs; ++i)
        os << (i ? ", " : "") << describe(*fn->inputs()->Get(i));
      os << ") -> (";
      size_t numOutputs = fn->outputs() ? fn->outputs()->size() : 0;
      for (size_t i = 0; i < numOutputs; ++i)
        os << (i ? ", " : "") << describe(*fn->outputs()->Get(i));
      os << ")\n    " << (fn->commands() ? fn->commands()->size() : 0)
         << " commands, " << (fn->params() ? fn->params()->size() : 0)
         << " parameters, scratch arena " << fn->arena_bytes() << " bytes\n";
    }

  uint64_t paramBytes = 0;
  size_t numParams = module.params() ? module.params()->size() : 0;
  os << "\nparameters (" << numParams << "):\n";
  if (module.params())
    for (const fb::ParamSpec *param : *module.params()) {
      paramBytes += byteSize(*param->type());
      os << "  " << param->name()->str() << "  " << describe(*param->type())
         << "  init " << initName(param->init());
      if (param->init() == fb::InitKind::normal)
        os << "(std " << param->init_std() << ")";
      os << "\n";
    }
  os << "  total " << paramBytes << " bytes\n";

  if (const fb::CpuExecutable *cpu = module.cpu()) {
    size_t numKernels = cpu->kernels() ? cpu->kernels()->size() : 0;
    os << "\ncpu code: " << str(cpu->format()) << ", "
       << str(cpu->target_triple()) << ", needs " << str(cpu->target_cpu())
       << ", " << (cpu->image() ? cpu->image()->size() : 0) << " bytes, "
       << numKernels << " kernels:\n";
    for (size_t i = 0; i < numKernels; ++i) {
      const fb::Kernel *kernel = cpu->kernels()->Get(i);
      os << "  " << kernel->symbol()->str() << "  grid " << kernel->workgroups();
      if (kernel->source_ops())
        for (const fb::SourceOp *op : *kernel->source_ops())
          os << "  " << str(op->name()) << " @ " << str(op->location());
      os << "\n";
    }
  }
  return os.str();
}

} // namespace umc::rt
