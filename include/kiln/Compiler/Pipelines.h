//===- Pipelines.h - kiln's pass pipelines ----------------------*- C++ -*-===//

#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

#include <cstdint>
#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln {

/// kiln IR to fused linalg on tensors: the part of the CPU pipeline after
/// which a function's signature (and its fault-status result) is final.
void buildKilnToLinalgPipeline(mlir::OpPassManager &pm);

/// buildKilnToLinalgPipeline for the GPU: convolutions and pooling first
/// become cuDNN calls (`kiln-gpu-dnn-calls`).
void buildKilnToGpuLinalgPipeline(mlir::OpPassManager &pm);

/// What the CPU pipeline may use of the CPU it compiles for, beyond what
/// LLVM's target machine decides.
struct CpuTarget {
  /// Results of at least this many bytes that a program only writes are
  /// stored nontemporally (`kiln-cpu-stream-results`); 0: never.
  uint64_t streamMinBytes = 0;
};

/// Fused linalg on tensors to the LLVM dialect for the host CPU: tiling and
/// vectorization, bufferization with results as out-parameters, OpenMP
/// parallel loops, and `kiln-emit-entry-wrappers`.
void buildLinalgToLLVMPipeline(mlir::OpPassManager &pm,
                               const CpuTarget &target = {});

/// `kiln-cpu-pipeline`: both of the above, kiln IR to the LLVM dialect.
void buildCpuPipeline(mlir::OpPassManager &pm, const CpuTarget &target = {});

/// The NVIDIA GPU a GPU pipeline compiles for.
struct GpuTarget {
  /// The architecture, as `sm_90`.
  std::string chip = "sm_90";
  /// PTX features: the PTX version the kernels are emitted in.
  std::string features = "+ptx80";
  /// libdevice.10.bc, linked into kernels that call math functions; empty
  /// when none is known.
  std::string libdevice;
};

/// Bufferized linalg to the LLVM dialect for the host, with the kernels
/// embedded as PTX (`gpu.binary`): cuBLAS calls for matmuls, one GPU launch
/// per other loop nest, device memory for every buffer, and
/// `kiln-emit-entry-wrappers`. Follows buildKilnToGpuLinalgPipeline.
void buildLinalgToGpuPipeline(mlir::OpPassManager &pm, const GpuTarget &target);

/// `kiln-gpu-pipeline`: kiln IR to the LLVM dialect with PTX kernels.
void buildGpuPipeline(mlir::OpPassManager &pm, const GpuTarget &target);

/// The GPU pipeline as pass-pipeline text, for cache versions.
std::string gpuPipelineText(const GpuTarget &target);

/// The CPU pipeline as pass-pipeline text: part of every cache entry's
/// version, so a changed pipeline never reuses old artifacts.
std::string cpuPipelineText(const CpuTarget &target = {});

/// Registers the named pipelines for textual pass pipelines.
void registerPipelines();

} // namespace kiln

#endif // KILN_COMPILER_PIPELINES_H
