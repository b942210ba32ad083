//===- GpuCompiler.h - kiln IR in, GPU program out --------------*- C++ -*-===//
//
// A GPU program is a host object, like a CPU one, whose entry point launches
// kernels embedded in it as PTX and calls cuBLAS through the runtime's
// entry points (kiln/runtime/Cuda.h). The runtime JIT-links it like a CPU
// artifact, with buffers in device memory.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_GPUCOMPILER_H
#define KILN_COMPILER_GPUCOMPILER_H

#include "kiln/Compiler/CpuCompiler.h"
#include "kiln/Compiler/Pipelines.h"

namespace kiln {

/// The CPU options (entry, IR dumps) plus the GPU the program is for.
struct GpuCompileOptions : CpuCompileOptions {
  GpuTarget target;
};

/// The target for a device of compute capability `major`.`minor`: its
/// architecture, a PTX version it accepts and the libdevice found here.
GpuTarget gpuTargetFor(int major, int minor);

/// libdevice.10.bc: $KILN_LIBDEVICE, else beside the library that holds
/// kiln's compiler, else in $CUDA_HOME or /usr/local/cuda; empty if none.
std::string findLibdevice();

/// Compiles `module` (kiln IR) for `options.target`. The object defines the
/// entry point `void _kiln_entry_<f>(void **)` on device buffers and
/// `_kiln_entry_<f>_init`, which loads the kernels.
llvm::Expected<runtime::CpuArtifact>
compileForGpu(mlir::ModuleOp module, const GpuCompileOptions &options);

/// What a GPU program depends on besides its graph: the host's version
/// string, the GPU target and the GPU pipeline.
std::string gpuArtifactVersion(const GpuTarget &target);

} // namespace kiln

#endif // KILN_COMPILER_GPUCOMPILER_H
