//===- GpuProgram.h - load and run compiled GPU programs --------*- C++ -*-===//
//
// A GPU program is a host object (a CpuArtifact) whose entry point launches
// kernels through the CUDA entry points of Cuda.h on device buffers.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_GPUPROGRAM_H
#define KILN_RUNTIME_GPUPROGRAM_H

#include "kiln/runtime/CpuExecutable.h"

namespace kiln::runtime {

/// Links `artifact` against the CUDA entry points and loads its kernels
/// (through the module cache). Fails if there is no device or the driver
/// rejects a kernel.
llvm::Expected<std::unique_ptr<CpuExecutable>>
loadGpuProgram(CpuArtifact artifact);

/// Runs a program loaded by loadGpuProgram on device buffers and waits for
/// it. Fails with the first CUDA error it hit, or, naming the op, when it
/// found bad data.
llvm::Error runGpuProgram(const CpuExecutable &program,
                          llvm::ArrayRef<void *> inputs,
                          llvm::ArrayRef<void *> outputs);

} // namespace kiln::runtime

#endif // KILN_RUNTIME_GPUPROGRAM_H
