//===- umc-compile.cpp - .mlir in, .umcb out ------------------------------===//
//
// A thin driver over the named pipelines: parse flags, run the frontend
// pipeline, extract the host program, run the kernel pipeline, build the
// kernels' shared object and write the artifact. The MLIR debugging flags
// (--mlir-print-ir-after-all, --mlir-timing, ...) apply to both pipelines.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/ArtifactWriter.h"
#include "umc/Codegen/CpuBackend.h"
#include "umc/Codegen/HostProgram.h"
#include "umc/Codegen/Passes.h"
#include "umc/Codegen/Pipelines.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/GitRevision.h"
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

static constexpr const char *kVersion = "0.1.0";

namespace {

enum class Phase { Frontend, Llvm, Artifact };

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
               cl::desc("Where the compiled code runs: 'cpu' (x86-64-v3: "
                        "AVX2 and FMA). CUDA targets come later"));
cl::opt<bool> printPipeline("print-pipeline", cl::cat(category),
                            cl::desc("Print the pass pipelines and exit"));
cl::opt<Phase> compileTo(
    "compile-to", cl::init(Phase::Artifact), cl::cat(category),
    cl::desc("Stop after a phase and write its IR instead of an artifact"),
    cl::values(clEnumValN(Phase::Frontend, "frontend",
                          "entry points calling one kernel function per op"),
               clEnumValN(Phase::Llvm, "llvm",
                          "the kernels in the LLVM dialect"),
               clEnumValN(Phase::Artifact, "umcb", "the artifact (default)")));
cl::opt<bool> fusion(
    "fusion", cl::init(true), cl::cat(category),
    cl::desc("Fuse memory-bound ops into their producers' kernels "
             "(umc-fuse); --fusion=false gives one kernel per op"));
enum class RemarkKind { Fusion };
cl::list<RemarkKind> remarks(
    "remarks", cl::CommaSeparated, cl::cat(category),
    cl::desc("Report optimization decisions as remarks on stderr"),
    cl::values(clEnumValN(RemarkKind::Fusion, "fusion",
                          "one remark per fusion that did not happen, with "
                          "the reason")));
cl::opt<bool> verbose("v", cl::cat(category),
                      cl::desc("Report each phase as it starts"));
cl::opt<std::string> testingSchemaVersion(
    "testing-artifact-version", cl::Hidden, cl::cat(category),
    cl::desc("Stamp another schema version MAJOR.MINOR (tests only)"));

umc::FrontendOptions frontendOptions() {
  umc::FrontendOptions options;
  options.fuse = fusion;
  options.fusionRemarks = llvm::is_contained(remarks, RemarkKind::Fusion);
  return options;
}

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

/// Runs `pipeline` on `module`. On failure MLIR has written a reproducer;
/// say how to replay it.
LogicalResult runPipeline(ModuleOp module, const std::string &pipeline,
                          llvm::StringRef stage, TimingScope &timing,
                          llvm::StringRef reproducer) {
  FailureOr<OpPassManager> parsed = parsePassPipeline(pipeline, llvm::errs());
  if (failed(parsed))
    return failure();
  PassManager pm(module->getContext());
  static_cast<OpPassManager &>(pm) = std::move(*parsed);
  pm.enableCrashReproducerGeneration(reproducer);
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  TimingScope scope = timing.nest(stage);
  pm.enableTiming(scope);
  if (succeeded(pm.run(module)))
    return success();
  llvm::errs() << "umc-compile: the " << stage
               << " pipeline failed. A reproducer is in " << reproducer
               << "; replay it with:\n  umc-opt --run-reproducer "
               << reproducer << "\n";
  return failure();
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

LogicalResult compile(MLIRContext &context, int argc, char **argv) {
  umc::CpuTarget target;
  if (targetName != "cpu") {
    llvm::errs() << "umc-compile: unknown target '" << targetName
                 << "'; only 'cpu' is available (CUDA targets are not "
                    "implemented yet)\n";
    return failure();
  }
  if (printPipeline) {
    llvm::outs() << "frontend: " << umc::frontendPipeline(frontendOptions()) << "\n"
                 << "cpu kernels: " << umc::cpuKernelPipeline() << "\n";
    return success();
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

  std::string output = outputFilename.empty() ? defaultOutput()
                                              : std::string(outputFilename);
  std::string reproducer =
      (output == "-" ? std::string("umc-compile") : output) +
      ".reproducer.mlir";

  progress("[1/4] frontend: canonicalize and outline kernels");
  if (failed(runPipeline(*module, umc::frontendPipeline(frontendOptions()), "frontend",
                         timing, reproducer)))
    return failure();
  if (compileTo == Phase::Frontend) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeFile(output, text);
  }

  FailureOr<umc::HostProgram> program = umc::extractHostProgram(*module);
  if (failed(program))
    return failure();

  progress("[2/4] kernels: lower to LLVM");
  if (failed(runPipeline(*module, umc::cpuKernelPipeline(), "cpu kernels",
                         timing, reproducer)))
    return failure();
  if (compileTo == Phase::Llvm) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeFile(output, text);
  }

  progress("[3/4] code generation for " + target.cpu);
  std::vector<umc::CpuKernelEntry> entries =
      umc::collectCpuKernelEntries(*module);
  FailureOr<std::vector<uint8_t>> image;
  {
    TimingScope codegenTiming = timing.nest("llvm codegen and link");
    image = umc::buildCpuSharedObject(*module, target);
  }
  if (failed(image))
    return failure();

  progress("[4/4] writing " + output);
  umc::Provenance provenance;
  provenance.compilerVersion = kVersion;
  provenance.gitRevision = UMC_GIT_REVISION;
  for (int i = 1; i < argc; ++i)
    provenance.flags.push_back(argv[i]);
  provenance.target = target.triple + " " + target.cpu;
  provenance.sourceName = std::string(llvm::sys::path::filename(inputFilename));
  provenance.sourceSha256 = sourceHash;
  if (!testingSchemaVersion.empty()) {
    auto [major, minor] = llvm::StringRef(testingSchemaVersion).split('.');
    if (major.getAsInteger(10, provenance.schemaMajor) ||
        minor.getAsInteger(10, provenance.schemaMinor)) {
      llvm::errs() << "umc-compile: --testing-artifact-version needs "
                      "MAJOR.MINOR\n";
      return failure();
    }
  }
  std::vector<uint8_t> artifact =
      umc::writeArtifact(*program, target, entries, *image, provenance);
  return writeFile(output, llvm::StringRef(
                               reinterpret_cast<const char *>(artifact.data()),
                               artifact.size()));
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
  registry.insert<umc::UmcDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  return succeeded(compile(context, argc, argv)) ? 0 : 1;
}
