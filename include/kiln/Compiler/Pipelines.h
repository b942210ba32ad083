//===- Pipelines.h - kiln's pass pipelines ----------------------*- C++ -*-===//

#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln {

/// kiln IR to fused linalg on tensors: the part of the CPU pipeline after
/// which a function's signature (and its fault-status result) is final.
void buildKilnToLinalgPipeline(mlir::OpPassManager &pm);

/// Fused linalg on tensors to the LLVM dialect for the host CPU: tiling and
/// vectorization, bufferization with results as out-parameters, OpenMP
/// parallel loops, and `kiln-emit-entry-wrappers`.
void buildLinalgToLLVMPipeline(mlir::OpPassManager &pm);

/// `kiln-cpu-pipeline`: both of the above, kiln IR to the LLVM dialect.
void buildCpuPipeline(mlir::OpPassManager &pm);

/// The CPU pipeline as pass-pipeline text: part of every cache entry's
/// version, so a changed pipeline never reuses old artifacts.
std::string cpuPipelineText();

/// Registers the named pipelines for textual pass pipelines.
void registerPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_H
