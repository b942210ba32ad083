//===- GpuProgram.cpp - load and run compiled GPU programs ----------------===//

#include "kiln/runtime/GpuProgram.h"

#include "kiln/runtime/Cuda.h"

namespace kiln::runtime {

llvm::Expected<std::unique_ptr<CpuExecutable>>
loadGpuProgram(CpuArtifact artifact) {
  if (auto device = cuda::device(); !device)
    return device.takeError();
  auto program =
      CpuExecutable::load(std::move(artifact), cuda::programEntryPoints());
  if (!program)
    return program.takeError();
  // Loading ran the kernels' module loads, which report through the slot.
  if (llvm::Error error = cuda::finishProgram())
    return std::move(error);
  return program;
}

llvm::Error runGpuProgram(const CpuExecutable &program,
                          llvm::ArrayRef<void *> inputs,
                          llvm::ArrayRef<void *> outputs) {
  if (llvm::Error error = program.checkArity(inputs, outputs))
    return error;
  void *status = nullptr;
  if (!program.artifact().faultSites.empty()) {
    auto buffer = cuda::allocate(sizeof(int32_t));
    if (!buffer)
      return buffer.takeError();
    status = *buffer;
    const int32_t ok = 0;
    if (llvm::Error error = cuda::copyToDevice(status, &ok, sizeof(ok))) {
      cuda::deallocate(status);
      return error;
    }
  }
  program.call(inputs, outputs, status);
  llvm::Error error = cuda::finishProgram();
  int32_t fault = 0;
  if (!error && status)
    error = cuda::copyToHost(&fault, status, sizeof(fault));
  cuda::deallocate(status);
  if (error)
    return error;
  return program.faultError(fault);
}

} // namespace kiln::runtime
