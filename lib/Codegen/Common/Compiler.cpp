//===- Compiler.cpp - umc-compile as a library ----------------------------===//
#include "umc/Codegen/Common/Compiler.h"

#include "umc/Codegen/Common/TargetBackend.h"
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassRegistry.h"

#include <map>

using namespace mlir;

namespace umc {

/// An entry point per kernel alias (umc-deduplicate-kernels): the code of
/// the kernel it runs, under the alias's own name and source ops.
static void addAliasEntryPoints(host::ExecutableOp executable,
                                SerializedExecutable &exe) {
  DictionaryAttr aliases = executable.getKernelAliasesAttr();
  if (!aliases)
    return;
  std::map<std::string, KernelEntryPoint> byKernel;
  for (const KernelEntryPoint &entry : exe.entryPoints)
    byKernel[entry.kernel] = entry;
  for (NamedAttribute alias : aliases) {
    auto it = byKernel.find(executable.aliasTarget(alias.getName()).str());
    if (it == byKernel.end())
      continue; // its kernel was not compiled: nothing dispatches either
    KernelEntryPoint entry = it->second;
    entry.kernel = alias.getName().str();
    entry.sourceOps = sourceOpsFrom(
        cast<DictionaryAttr>(alias.getValue()).getAs<ArrayAttr>("source_ops"));
    exe.entryPoints.push_back(std::move(entry));
  }
}

llvm::StringRef phaseName(Phase phase) {
  switch (phase) {
  case Phase::Source:
    return "source";
  case Phase::Frontend:
    return "frontend";
  case Phase::Host:
    return "host";
  case Phase::Llvm:
    return "llvm";
  case Phase::Artifact:
    return "umcb";
  }
  return "";
}

std::optional<Phase> parsePhase(llvm::StringRef name) {
  for (Phase p : {Phase::Source, Phase::Frontend, Phase::Host, Phase::Llvm,
                  Phase::Artifact})
    if (phaseName(p) == name)
      return p;
  return std::nullopt;
}

void recordSource(ModuleOp module, llvm::StringRef name, llvm::StringRef sha256,
                  llvm::ArrayRef<std::string> flags) {
  Builder b(module.getContext());
  SmallVector<Attribute> flagAttrs;
  for (const std::string &flag : flags)
    flagAttrs.push_back(b.getStringAttr(flag));
  module->setAttr(attrs::kSource,
                  b.getDictionaryAttr({
                      b.getNamedAttr("flags", b.getArrayAttr(flagAttrs)),
                      b.getNamedAttr("name", b.getStringAttr(name)),
                      b.getNamedAttr("sha256", b.getStringAttr(sha256)),
                  }));
}

namespace {

std::string anchored(const std::string &passes) {
  return "builtin.module(" + passes + ")";
}

LogicalResult runPipeline(ModuleOp module, const std::string &passes,
                          llvm::StringRef stage,
                          const CompileOptions &options) {
  FailureOr<OpPassManager> parsed = parsePassPipeline(passes, llvm::errs());
  if (failed(parsed))
    return failure();
  PassManager pm(module->getContext());
  static_cast<OpPassManager &>(pm) = std::move(*parsed);
  if (!options.reproducer.empty())
    pm.enableCrashReproducerGeneration(options.reproducer);
  if (options.configure && failed(options.configure(pm)))
    return failure();
  std::optional<TimingScope> scope;
  if (options.timing) {
    scope = options.timing->nest(stage);
    pm.enableTiming(*scope);
  }
  if (succeeded(pm.run(module)))
    return success();
  if (!options.reproducer.empty())
    llvm::errs() << "umc-compile: the " << stage
                 << " pipeline failed. A reproducer is in "
                 << options.reproducer << "; replay it with:\n  umc-opt "
                 << "--run-reproducer " << options.reproducer << "\n";
  return failure();
}

/// Fills in the source's name and hash from the module (see recordSource).
Provenance provenanceOf(ModuleOp module, const CompileOptions &options,
                        const TargetBackend &backend) {
  Provenance provenance = options.provenance;
  provenance.target = backend.description();
  if (auto source = module->getAttrOfType<DictionaryAttr>(attrs::kSource)) {
    if (auto name = source.getAs<StringAttr>("name"))
      provenance.sourceName = name.str();
    if (auto sha = source.getAs<StringAttr>("sha256"))
      provenance.sourceSha256 = sha.str();
    if (auto flags = source.getAs<ArrayAttr>("flags")) {
      provenance.flags.clear();
      for (auto flag : flags.getAsRange<StringAttr>())
        provenance.flags.push_back(flag.str());
    }
  }
  return provenance;
}

} // namespace

std::string describePipelines(const CompileOptions &options) {
  std::string error;
  std::unique_ptr<TargetBackend> backend =
      createTargetBackend(options.target, error);
  std::string kernels = backend ? backend->kernelPipeline(options.kernels) : "";
  return "frontend: " + anchored(frontendPipeline(options.frontend)) + "\n" +
         "host: " + anchored(hostPipeline(backend.get())) + "\n" +
         options.target +
         " kernels: " + anchored(kernelsOfExecutables(kernels)) + "\n";
}

FailureOr<std::vector<uint8_t>> compile(ModuleOp module,
                                        const CompileOptions &options) {
  std::string error;
  std::unique_ptr<TargetBackend> backend =
      createTargetBackend(options.target, error);
  if (!backend)
    return module.emitError(error);
  auto runs = [&](Phase phase) {
    return options.from < phase && phase <= options.to;
  };
  auto say = [&](const llvm::Twine &message) {
    if (options.progress)
      options.progress(message);
  };

  if (runs(Phase::Frontend)) {
    say("[1/4] frontend: fuse and outline kernels");
    if (failed(runPipeline(module, anchored(frontendPipeline(options.frontend)),
                           "frontend", options)))
      return failure();
  }
  if (runs(Phase::Host)) {
    say("[2/4] host program and memory plan");
    if (failed(runPipeline(module, anchored(hostPipeline(backend.get())),
                           "host", options)))
      return failure();
  }
  if (runs(Phase::Llvm)) {
    say("[3/4] " + backend->name() + " kernels: lower to LLVM");
    if (failed(runPipeline(
            module,
            anchored(kernelsOfExecutables(backend->kernelPipeline(options.kernels))),
            backend->name().str() + " kernels", options)))
      return failure();
  }
  if (!runs(Phase::Artifact))
    return std::vector<uint8_t>{};

  say("[4/4] " + backend->name() + " code generation and the artifact");
  std::optional<TimingScope> scope;
  if (options.timing)
    scope = options.timing->nest("code generation and serialization");
  std::vector<SerializedExecutable> executables;
  for (auto executable : module.getOps<host::ExecutableOp>()) {
    ModuleOp inner = executable.getInnerModule();
    if (!inner)
      return executable.emitError("holds no kernels module");
    FailureOr<std::vector<SerializedExecutable>> serialized =
        backend->serialize(inner);
    if (failed(serialized))
      return failure();
    for (SerializedExecutable &exe : *serialized) {
      addAliasEntryPoints(executable, exe);
      executables.push_back(std::move(exe));
    }
  }
  return writeArtifact(module, executables,
                       provenanceOf(module, options, *backend));
}

} // namespace umc
