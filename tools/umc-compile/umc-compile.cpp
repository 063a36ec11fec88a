//===- umc-compile.cpp - .mlir in, .umcb out ------------------------------===//
//
// A thin command line over umc::compile (include/umc/Codegen/Common/Compiler.h):
// parse flags, read the input, run the phases asked for and write the IR of
// the last one or the artifact. The MLIR debugging flags
// (--mlir-print-ir-after-all, --mlir-timing, ...) apply to every pipeline.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Common/Compiler.h"
#include "umc/Codegen/Passes.h"
#include "umc/Codegen/Common/TargetBackend.h"
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/GitRevision.h"
#include "umc/Transforms/Fuse.h"
#include "umc/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;
using umc::Phase;

static constexpr const char *kVersion = "0.2.0";

namespace {

cl::OptionCategory category("umc-compile options");

cl::opt<std::string> inputFilename(cl::Positional,
                                   cl::desc("<model .mlir>"),
                                   cl::cat(category));
cl::opt<std::string>
    outputFilename("o", cl::value_desc("file"), cl::cat(category),
                   cl::desc("Where to write the result (default: the input "
                            "name with .umcb; '-' for stdout)"));
cl::opt<std::string>
    targetName("target", cl::init("cpu"), cl::cat(category),
               cl::desc("Where the compiled code runs: 'cpu' (code for "
                        "x86-64-v4 (AVX-512) and x86-64-v3 (AVX2, FMA) in one "
                        "artifact; the runtime runs the best its CPU "
                        "supports), or 'cpu:LEVEL,...' for chosen levels "
                        "(x86-64-v4, x86-64-v3, x86-64-v2, x86-64). CUDA "
                        "targets come later"));
cl::opt<bool> printPipeline("print-pipeline", cl::cat(category),
                            cl::desc("Print the pass pipelines and exit"));
cl::opt<Phase> compileTo(
    "compile-to", cl::init(Phase::Artifact), cl::cat(category),
    cl::desc("Stop after a phase and write its IR instead of an artifact"),
    cl::values(clEnumValN(Phase::Frontend, "frontend",
                          "entry points calling one kernel function per op"),
               clEnumValN(Phase::Host, "host",
                          "host functions on buffers (dispatches, copies, "
                          "state, scf control flow) and the kernels"),
               clEnumValN(Phase::Llvm, "llvm",
                          "the host functions and the kernels in the LLVM "
                          "dialect"),
               clEnumValN(Phase::Artifact, "umcb", "the artifact (default)")));
cl::opt<Phase> compileFrom(
    "compile-from", cl::init(Phase::Source), cl::cat(category),
    cl::desc("Resume from the IR of a phase that --compile-to wrote: the "
             "artifact is byte for byte the one a full compile gives"),
    cl::values(clEnumValN(Phase::Source, "source", "a model (default)"),
               clEnumValN(Phase::Frontend, "frontend", "--compile-to=frontend"),
               clEnumValN(Phase::Host, "host", "--compile-to=host"),
               clEnumValN(Phase::Llvm, "llvm", "--compile-to=llvm")));
cl::opt<bool> fusion(
    "fusion", cl::init(true), cl::cat(category),
    cl::desc("Fuse memory-bound ops into their producers' kernels "
             "(umc-fuse); --fusion=false gives one kernel per op"));
cl::list<std::string> disabledFusionRules(
    "disable-fusion", cl::CommaSeparated, cl::cat(category),
    cl::desc("Fusion rules not to apply, comma-separated, to measure each "
             "against the others: norm_activation, activation_norm, "
             "residual_norm, gemm_epilogue, elementwise (umc-fuse's rules; "
             "--remarks=fusion names what was not fused)"));
cl::opt<bool> train(
    "train", cl::init(false), cl::cat(category),
    cl::desc("Add a training step for each loss function (umc.loss): "
             "<name>_train_step computes the gradients and applies AdamW to "
             "the parameters in place, for umc-run train "
             "(docs/training.md)"));
cl::list<std::string> functions(
    "functions", cl::CommaSeparated, cl::cat(category),
    cl::desc("Compile only these entry points (comma-separated public "
             "functions; default: all): an artifact for sampling leaves the "
             "training functions out, and compiles faster"));
enum class RemarkKind { Fusion };
cl::list<RemarkKind> remarks(
    "remarks", cl::CommaSeparated, cl::cat(category),
    cl::desc("Report optimization decisions as remarks on stderr"),
    cl::values(clEnumValN(RemarkKind::Fusion, "fusion",
                          "one remark per fusion that did not happen, with "
                          "the reason")));
cl::opt<bool> runtimeVerification(
    "runtime-verification", cl::cat(category),
    cl::desc("Check every memory access of the kernels at run time: an "
             "out-of-bounds access stops the program with a message naming "
             "the op (MLIR's generate-runtime-verification; slower, for "
             "debugging)"));
cl::opt<bool> verbose("v", cl::cat(category),
                      cl::desc("Report each phase as it starts"));
cl::opt<std::string> testingSchemaVersion(
    "testing-artifact-version", cl::Hidden, cl::cat(category),
    cl::desc("Stamp another schema version MAJOR.MINOR (tests only)"));

/// Prints a phase line when asked to or when a person is watching.
void progress(const llvm::Twine &message) {
  if (verbose || llvm::sys::Process::StandardErrIsDisplayed())
    llvm::errs() << "umc-compile: " << message << "\n";
}

std::string sha256Hex(llvm::StringRef bytes) {
  std::array<uint8_t, 32> digest = llvm::SHA256::hash(
      llvm::ArrayRef<uint8_t>(bytes.bytes_begin(), bytes.bytes_end()));
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string defaultOutput() {
  if (compileTo != Phase::Artifact)
    return "-";
  llvm::SmallString<128> path(inputFilename == "-" ? std::string("out")
                                                   : inputFilename.getValue());
  llvm::sys::path::replace_extension(path, "umcb");
  return std::string(llvm::sys::path::filename(path));
}

/// The flags that shape the output, for the artifact's provenance: not where
/// it goes, which phases run or what is printed on the way, so that a
/// resumed compile records what the full one does.
std::vector<std::string> shapingFlags(int argc, char **argv) {
  std::vector<std::string> flags;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "-o" || arg == "--o") {
      ++i;
      continue;
    }
    bool isFlag = arg.starts_with("-") && arg != "-";
    if (!isFlag || arg.starts_with("-o=") || arg.starts_with("--o=") ||
        (arg.starts_with("-o") && !arg.starts_with("--")) ||
        arg.contains("compile-to") || arg.contains("compile-from") ||
        arg == "-v" || arg == "--v" || arg.contains("mlir-") ||
        arg.contains("remarks"))
      continue;
    flags.push_back(arg.str());
  }
  return flags;
}

LogicalResult writeFile(llvm::StringRef path, llvm::StringRef bytes) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(path, &error);
  if (!out) {
    llvm::errs() << "umc-compile: " << error << "\n";
    return failure();
  }
  out->os() << bytes;
  out->os().flush();
  if (out->os().has_error()) {
    // Not kept: the ToolOutputFile removes what was written so far.
    llvm::errs() << "umc-compile: cannot write '" << path
                 << "': " << out->os().error().message() << "\n";
    out->os().clear_error();
    return failure();
  }
  out->keep();
  return success();
}

/// With --functions, every other entry point becomes private and is
/// dropped with whatever only it calls.
LogicalResult keepOnlyFunctions(ModuleOp module) {
  if (functions.empty())
    return success();
  std::vector<std::string> entries;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isDeclaration())
      entries.push_back(func.getName().str());
  for (const std::string &name : functions)
    if (!llvm::is_contained(entries, name)) {
      llvm::errs() << "umc-compile: --functions: '" << name
                   << "' is not an entry point of " << inputFilename
                   << "; it has: " << llvm::join(entries, ", ") << "\n";
      return failure();
    }
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !llvm::is_contained(functions, func.getName()))
      func.setPrivate();
  PassManager pm(module.getContext());
  pm.addPass(mlir::createSymbolDCEPass());
  return pm.run(module);
}

LogicalResult compile(MLIRContext &context, int argc, char **argv) {
  umc::CompileOptions options;
  options.frontend.fuse = fusion;
  options.frontend.train = train;
  options.frontend.fusionRemarks =
      llvm::is_contained(remarks, RemarkKind::Fusion);
  for (const std::string &rule : disabledFusionRules)
    if (!llvm::is_contained(umc::fusionRuleNames(), rule)) {
      llvm::errs() << "umc-compile: --disable-fusion: there is no fusion "
                      "rule '"
                   << rule << "'; the rules: "
                   << llvm::join(umc::fusionRuleNames(), ", ") << "\n";
      return failure();
    }
  if (!fusion && !disabledFusionRules.empty())
    llvm::errs() << "umc-compile: warning: --disable-fusion has no effect "
                    "with --fusion=false (no rule runs)\n";
  options.frontend.disabledFusionRules.assign(disabledFusionRules.begin(),
                                              disabledFusionRules.end());
  options.target = targetName;
  options.kernels.runtimeVerification = runtimeVerification;
  options.from = compileFrom;
  options.to = compileTo;
  std::string targetError;
  if (!umc::createTargetBackend(targetName, targetError)) {
    llvm::errs() << "umc-compile: " << targetError << "; available: "
                 << llvm::join(umc::targetBackendNames(), ", ")
                 << " (CUDA targets are not implemented yet)\n";
    return failure();
  }
  if (printPipeline) {
    llvm::outs() << umc::describePipelines(options);
    return success();
  }
  if (compileFrom >= compileTo) {
    llvm::errs() << "umc-compile: --compile-from="
                 << umc::phaseName(compileFrom) << " must come before "
                 << "--compile-to=" << umc::phaseName(compileTo) << "\n";
    return failure();
  }
  if (inputFilename.empty()) {
    llvm::errs() << "umc-compile: no input file (give a model .mlir, or '-' "
                    "for stdin; see --help)\n";
    return failure();
  }

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &error);
  if (!input) {
    llvm::errs() << "umc-compile: " << error << "\n";
    return failure();
  }
  std::string sourceHash = sha256Hex(input->getBuffer());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();

  OwningOpRef<ModuleOp> module;
  {
    TimingScope parseTiming = timing.nest("parse");
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return failure();
  if (compileFrom == Phase::Source && failed(keepOnlyFunctions(*module)))
    return failure();
  if (compileFrom == Phase::Source)
    umc::recordSource(*module,
                      llvm::sys::path::filename(inputFilename).str(),
                      sourceHash, shapingFlags(argc, argv));

  std::string output = outputFilename.empty() ? defaultOutput()
                                              : std::string(outputFilename);
  options.reproducer = (output == "-" ? std::string("umc-compile") : output) +
                       ".reproducer.mlir";
  options.progress = progress;
  options.configure = [](PassManager &pm) {
    return applyPassManagerCLOptions(pm);
  };
  options.timing = &timing;
  options.provenance.compilerVersion = kVersion;
  options.provenance.gitRevision = UMC_GIT_REVISION;
  if (!testingSchemaVersion.empty()) {
    auto [major, minor] = llvm::StringRef(testingSchemaVersion).split('.');
    if (major.getAsInteger(10, options.provenance.schemaMajor) ||
        minor.getAsInteger(10, options.provenance.schemaMinor)) {
      llvm::errs() << "umc-compile: --testing-artifact-version needs "
                      "MAJOR.MINOR\n";
      return failure();
    }
  }

  FailureOr<std::vector<uint8_t>> artifact = umc::compile(*module, options);
  if (failed(artifact))
    return failure();
  if (compileTo != Phase::Artifact) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeFile(output, text);
  }
  progress("writing " + output);
  return writeFile(output, llvm::StringRef(
                               reinterpret_cast<const char *>(artifact->data()),
                               artifact->size()));
}

/// LLVM's own options (every target's, in the shared libLLVM) are in the
/// general category with MLIR's: --help shows umc-compile's and the MLIR
/// debugging flags; --help-hidden still lists everything.
void hideLlvmOptions() {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool keep = llvm::is_contained(option->Categories, &category) ||
                entry.first.starts_with("mlir-") ||
                entry.first == "help" || entry.first == "version";
    if (!keep &&
        option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAllPasses();
  umc::registerUmcPasses();
  umc::registerUmcCodegenPasses();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions({&category, &cl::getGeneralCategory()});
  hideLlvmOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "umc-compile: compile a umc model (.mlir) into a .umcb artifact\n\n"
      "  umc-compile models/tiny_block.mlir -o block.umcb\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<umc::UmcDialect, umc::host::HostDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  return succeeded(compile(context, argc, argv)) ? 0 : 1;
}
