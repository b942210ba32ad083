//===- CpuCompiler.h - kiln IR in, CPU artifact out -------------*- C++ -*-===//

#ifndef KILN_COMPILER_CPUCOMPILER_H
#define KILN_COMPILER_CPUCOMPILER_H

#include "kiln/Compiler/Pipelines.h"
#include "kiln/runtime/Artifact.h"

#include "llvm/Support/Error.h"

#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace kiln {

struct CpuCompileOptions {
  /// The function to compile; empty means the module's only public function.
  std::string entry;
  /// Print the IR after every pass to `irStream`.
  bool printIRAfterAll = false;
  /// Print the IR at each stage (input, linalg, LLVM dialect, optimized LLVM
  /// IR) to `irStream`.
  bool printStages = false;
  /// Where IR dumps go; standard error when null.
  llvm::raw_ostream *irStream = nullptr;
  /// When set, writes `<dumpPrefix>.kiln.mlir` (the input) and
  /// `<dumpPrefix>.linalg.mlir` (after the conversion to linalg), both
  /// runnable with kiln-run, and `<dumpPrefix>.ll` (optimized LLVM IR).
  std::string dumpPrefix;
};

/// Compiles `module` (kiln IR, or linalg on tensors) into a relocatable object
/// for the host CPU, optimized at -O3 for its features. `module` itself is
/// left unchanged. Failures carry the MLIR diagnostics.
llvm::Expected<runtime::CpuArtifact>
compileForCpu(mlir::ModuleOp module, const CpuCompileOptions &options = {});

/// What the pipeline uses of the host CPU: on x86, nontemporal stores of
/// results of at least half its last-level cache. Computed once per process.
CpuTarget hostCpuTarget();

/// What a CPU artifact depends on besides its graph: kiln's version and the
/// build of its compiler (a hash of the compiler's sources), LLVM's version,
/// the host CPU and its features, and the pipeline.
std::string cpuArtifactVersion();

} // namespace kiln

#endif // KILN_COMPILER_CPUCOMPILER_H
