//===- Pipelines.cpp - kiln's CPU pass pipeline ---------------------------===//

#include "kiln/Compiler/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

namespace {

/// Appends textual `pipeline` to `pm`. The texts are fixed, so a parse error
/// is a bug in kiln, not in the user's input.
void appendPipeline(mlir::OpPassManager &pm, llvm::StringRef pipeline) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("invalid kiln pipeline: ") + errors);
}

} // namespace

// Gradients first: kiln-autodiff derives the `_grad` functions that calls
// refer to, and inlining brings them into the entry point.
constexpr const char *kKilnToLinalg =
    "kiln-autodiff,inline,symbol-dce,"
    "canonicalize,cse,convert-kiln-to-linalg,linalg-fuse-elementwise-ops,"
    "canonicalize,cse";

void kiln::buildKilnToLinalgPipeline(mlir::OpPassManager &pm) {
  appendPipeline(pm, kKilnToLinalg);
}

// Results are computed straight into buffers the runtime owns; the OpenMP
// lowering needs memref.alloca_scope lowered (by finalize-memref-to-llvm)
// before scf-to-cf splits loop bodies into blocks.
constexpr const char *kLinalgToLLVM =
    "func.func(kiln-cpu-tile-and-vectorize),canonicalize,cse,"
    "kiln-results-to-destinations,eliminate-empty-tensors,"
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    "kiln-drop-destination-results,"
    "canonicalize,buffer-deallocation-pipeline,"
    "kiln-lower-strided-copies,"
    "scf-forall-to-parallel,convert-linalg-to-parallel-loops,"
    "convert-vector-to-scf,convert-scf-to-openmp,"
    "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
    "convert-scf-to-cf,convert-math-to-llvm,convert-math-to-libm,"
    "convert-vector-to-llvm,convert-arith-to-llvm,"
    "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
    "convert-openmp-to-llvm,convert-cf-to-llvm,convert-ub-to-llvm,"
    "reconcile-unrealized-casts,"
    "kiln-emit-entry-wrappers";

void kiln::buildLinalgToLLVMPipeline(mlir::OpPassManager &pm) {
  appendPipeline(pm, kLinalgToLLVM);
}

void kiln::buildCpuPipeline(mlir::OpPassManager &pm) {
  buildKilnToLinalgPipeline(pm);
  buildLinalgToLLVMPipeline(pm);
}

std::string kiln::cpuPipelineText() {
  return std::string(kKilnToLinalg) + "," + kLinalgToLLVM;
}

void kiln::registerPipelines() {
  mlir::PassPipelineRegistration<>(
      "kiln-cpu-pipeline",
      "Compile kiln IR to the LLVM dialect for the host CPU",
      [](mlir::OpPassManager &pm) { buildCpuPipeline(pm); });
}
