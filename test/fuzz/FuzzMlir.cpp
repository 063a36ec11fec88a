//===- FuzzMlir.cpp - libFuzzer target: parse and verify .mlir ------------===//
//
// Parses the input as an .mlir module with the umc and umc_host dialects and
// every upstream dialect registered (as umc-opt does), verifies it, and prints what parsed,
// in the custom and the generic form. Any input may be rejected with
// diagnostics (they are swallowed here); none may crash, hang or trip a
// sanitizer. Seeds: test/fuzz/corpus/mlir/.
//
//   build/bin/umc-fuzz-mlir -max_total_time=300 CORPUS_COPY/
//
// Coverage guides the fuzzer through umc's own code only (the two dialects'
// parsers, printers and verifiers, compiled into this target with coverage
// instrumentation); libMLIR.so is Debian's, not instrumented.
//
//===----------------------------------------------------------------------===//
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;

/// ASan's options unless ASAN_OPTIONS overrides them: the umc dialects'
/// instrumented code and the uninstrumented libMLIR.so share MLIRContext's
/// BumpPtrAllocator, whose poisoning then reports libMLIR's own reads as
/// use-after-poison (scripts/test-sanitized.sh has the details).
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

static const DialectRegistry &registry() {
  static const DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    registerAllDialects(*r);
    registerAllExtensions(*r);
    r->insert<umc::UmcDialect, umc::host::HostDialect>();
    return r;
  }();
  return *registry;
}

/// Crashes in Debian's libMLIR 22 that umc cannot fix. Inputs that could
/// reach them are skipped (and kept out of the corpus), so that what the
/// fuzzer reports is umc's. Each entry names the upstream bug; remove it when
/// the libMLIR that scripts/setup.sh installs has the fix.
static bool reachesKnownUpstreamCrash(llvm::StringRef source) {
  static const char *const ops[] = {
      // linalg's parseDenseI64ArrayAttr (mlir/lib/Dialect/Linalg/IR/
      // LinalgOps.cpp) stores the null attribute that a failed
      // DenseI64ArrayAttr::parse returns, and NamedAttrList::set dereferences
      // it: `permutation = [1, x]` or `dimensions = [0, x]` segfaults.
      "linalg.transpose", "linalg.broadcast", "linalg.reduce"};
  for (const char *op : ops)
    if (source.contains(op))
      return true;
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  if (reachesKnownUpstreamCrash(input))
    return -1;
  MLIRContext context(registry(), MLIRContext::Threading::DISABLED);
  // Unregistered dialects stay errors, as in umc-opt: every op the parser
  // accepts is one whose verifier runs.
  ScopedDiagnosticHandler swallow(&context,
                                  [](Diagnostic &) { return success(); });
  // A copy ending in the NUL that MLIR's lexer expects, as from a file.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(input, "input.mlir"),
      llvm::SMLoc());
  // Parsing verifies the module too (ParserConfig's default).
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return 0;
  if (failed(verify(*module)))
    return 0;
  // The ops' custom printers, on IR their verifiers accepted.
  module->print(llvm::nulls());
  module->print(llvm::nulls(), OpPrintingFlags().printGenericOpForm());
  return 0;
}
