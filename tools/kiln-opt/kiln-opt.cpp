//===- kiln-opt.cpp - opt-style driver for kiln IR ------------------------===//
//
// Parses, verifies, transforms and prints .mlir files with the kiln dialect,
// the upstream dialects kiln uses, and every kiln pass and pipeline.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  kiln::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "kiln optimizer driver\n", registry));
}
