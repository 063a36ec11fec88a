//===- Inspect.cpp - a human-readable account of an artifact --------------===//
#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Program.h"

#include <map>
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
    if (fn.derivesFromParams())
      os << "    run by the runtime whenever parameters are set, before the "
            "next call (weights packed for the CPU's GEMM)\n";
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

  // What this machine's device for each target makes of each executable,
  // and which one it runs: the one Program::create chooses.
  std::map<std::string, std::shared_ptr<Device>> devices;
  std::map<std::string, const Executable *> chosen;
  for (const Executable &exe : module.executables) {
    os << "\n" << exe.target << " code: " << exe.format << ", " << exe.triple
       << ", needs " << exe.cpu << ", kernel ABI " << exe.abiVersion << ", "
       << exe.imageSize << " bytes, " << exe.entryPoints.size()
       << " kernels:\n";
    if (!devices.count(exe.target)) {
      auto device = openDevice(exe.target, 1);
      devices[exe.target] = device.isOk() ? *device : nullptr;
      chosen[exe.target] = nullptr;
      if (device.isOk())
        if (auto choice = chooseExecutable(module, **device); choice.isOk())
          chosen[exe.target] = *choice;
    }
    const std::shared_ptr<Device> &device = devices[exe.target];
    Status runs = device ? device->supports(exe)
                         : Status::error("no " + exe.target + " device here");
    os << "  on this machine: "
       << (!runs.isOk()                   ? "does not run: " + runs.message()
           : chosen[exe.target] == &exe ? std::string("runs; chosen")
                                          : std::string("runs, but another is "
                                                        "chosen"))
       << "\n";
    for (const EntryPoint &entry : exe.entryPoints)
      os << "  " << entry.symbol << "  grid " << entry.workgroups << "  "
         << module.kernels[entry.kernel].name << "\n";
  }
  return os.str();
}

} // namespace umc::rt
