//===- Inspect.cpp - a human-readable account of an artifact --------------===//
#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Devices.h"

#include <algorithm>
#include <sstream>

namespace umc::rt {

static const char *initName(InitKind kind) {
  switch (kind) {
  case InitKind::Zeros:
    return "zeros";
  case InitKind::Ones:
    return "ones";
  case InitKind::Normal:
    return "normal";
  }
  return "unknown";
}

static std::string typeList(const std::vector<TensorType> &types) {
  std::string s;
  for (size_t i = 0; i < types.size(); ++i)
    s += (i ? ", " : "") + types[i].describe();
  return s;
}

std::string describeArtifact(const Artifact &artifact) {
  const Module &module = artifact.module();
  std::ostringstream os;
  os << artifact.name() << ": umc artifact, schema " << module.major << "."
     << module.minor << "\n";

  const Provenance &p = module.provenance;
  os << "\nprovenance:\n"
     << "  compiler  umc " << p.compilerVersion << " (" << p.gitRevision
     << ")\n"
     << "  source    " << p.sourceName << " (sha256 " << p.sourceSha256
     << ")\n"
     << "  target    " << p.target << "\n"
     << "  flags    ";
  for (const std::string &flag : p.flags)
    os << " " << flag;
  os << "\n";

  if (!module.tokenizer.empty())
    os << "\ntokenizer: " << module.tokenizer << "\n";
  os << "\nfunctions:\n";
  for (const Function &fn : module.functions) {
    size_t dispatches = 0;
    for (const Instruction &in : fn.code)
      dispatches += in.opcode == Opcode::Dispatch;
    std::string inputs;
    for (size_t i = 0; i < fn.inputs.size(); ++i)
      inputs += (i ? ", " : "") +
                (fn.inputNames[i].empty() ? "" : fn.inputNames[i] + ": ") +
                fn.inputs[i].describe();
    os << "  " << fn.name << "(" << inputs << ") -> ("
       << typeList(fn.outputs) << ")"
       << (fn.role.empty() ? "" : "  role " + fn.role)
       << (fn.sampler.empty() ? "" : ", sampler " + fn.sampler) << "\n    "
       << fn.code.size()
       << " instructions (" << dispatches << " dispatches), "
       << fn.params.size() << " parameters, scratch arena " << fn.arenaBytes
       << " bytes\n";
  }

  if (!module.states.empty()) {
    os << "\nstate (kept across calls, zero at load):\n";
    for (const StateSpec &state : module.states)
      os << "  " << state.name << "  " << state.type.describe() << "  "
         << state.type.bytes << " bytes\n";
  }

  uint64_t paramBytes = 0;
  os << "\nparameters (" << module.params.size() << "):\n";
  for (const ParamSpec &param : module.params) {
    paramBytes += param.type.bytes;
    os << "  " << param.name << "  " << param.type.describe() << "  init "
       << initName(param.init);
    if (param.init == InitKind::Normal)
      os << "(std " << param.initStd << ")";
    os << "\n";
  }
  os << "  total " << paramBytes << " bytes\n";

  os << "\nkernels (" << module.kernels.size() << "):\n";
  for (const Kernel &kernel : module.kernels) {
    os << "  " << kernel.name;
    for (const SourceOp &op : kernel.sourceOps)
      os << "  " << op.name << " @ " << op.location;
    os << "\n";
    for (const IndexCheck &check : kernel.indexChecks)
      os << "    checks input " << check.binding << " (" << check.noun
         << ") in [0, " << check.bound << ") for " << check.op << " @ "
         << check.location << "\n";
  }

  // A device runs the first executable it supports (Program::load).
  std::vector<std::string> chosenFor;
  for (const Executable &exe : module.executables) {
    os << "\n" << exe.target << " code: " << exe.format << ", " << exe.triple
       << ", needs " << exe.cpu << ", kernel ABI " << exe.abiVersion << ", "
       << exe.imageSize << " bytes, " << exe.entryPoints.size()
       << " kernels:\n";
    auto device = openDevice(exe.target, 1);
    Status runs = device.isOk() ? (*device)->supports(exe) : device.status();
    bool chosen = runs.isOk() && std::find(chosenFor.begin(), chosenFor.end(),
                                           exe.target) == chosenFor.end();
    if (chosen)
      chosenFor.push_back(exe.target);
    os << "  on this machine: "
       << (chosen      ? "runs; chosen"
           : runs.isOk() ? "runs, but an earlier one is chosen"
                         : "does not run: " + runs.message())
       << "\n";
    for (const EntryPoint &entry : exe.entryPoints)
      os << "  " << entry.symbol << "  grid " << entry.workgroups << "  "
         << module.kernels[entry.kernel].name << "\n";
  }
  return os.str();
}

} // namespace umc::rt
