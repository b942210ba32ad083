//===- HostObject.h - the compile flow shared by CPU and GPU ----*- C++ -*-===//
//
// Both targets end in a relocatable object for the host: for the CPU it holds
// the program, for the GPU the host code that launches the embedded kernels.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_COMPILER_HOSTOBJECT_H
#define KILN_LIB_COMPILER_HOSTOBJECT_H

#include "kiln/Compiler/CpuCompiler.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace llvm {
class Module;
} // namespace llvm

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln::detail {

/// Lowers `input` to linalg with `lowerToLinalg`, describes its entry point,
/// runs `lowerToLLVM`, translates to LLVM IR, lets `finishModule` adjust it,
/// and emits an -O3 object for the host.
llvm::Expected<runtime::CpuArtifact> compileHostObject(
    mlir::ModuleOp input, const CpuCompileOptions &options,
    llvm::function_ref<void(mlir::OpPassManager &)> lowerToLinalg,
    llvm::function_ref<void(mlir::OpPassManager &)> lowerToLLVM,
    llvm::function_ref<llvm::Error(llvm::Module &)> finishModule);

} // namespace kiln::detail

#endif // KILN_LIB_COMPILER_HOSTOBJECT_H
