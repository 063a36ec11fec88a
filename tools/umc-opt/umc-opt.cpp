//===- umc-opt.cpp - mlir-opt with the umc dialect and passes -------------===//
//
// The same driver as mlir-opt (every upstream dialect and pass is here too),
// so that --pass-pipeline, --split-input-file, --verify-diagnostics and the
// --mlir-print-ir-* flags behave exactly as compiler engineers expect.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"
#include "umc/Codegen/Common/Pipelines.h"
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  umc::registerUmcPasses();
  umc::registerUmcCodegenPasses();
  umc::registerUmcPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<umc::UmcDialect, umc::host::HostDialect>();

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "umc optimizer driver: the umc dialect and passes\n",
      registry));
}
