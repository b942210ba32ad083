//===- DeviceBuffer.cpp - reference-counted device memory -----------------===//

#include "kiln/runtime/DeviceBuffer.h"

#include "kiln/runtime/Cuda.h"

namespace kiln::runtime {

llvm::Expected<DeviceBuffer> DeviceBuffer::allocate(size_t size) {
  llvm::Expected<void *> block = cuda::allocate(size);
  if (!block)
    return block.takeError();
  DeviceBuffer buffer;
  buffer.storage = std::shared_ptr<void>(*block, cuda::deallocate);
  buffer.bytes = size;
  return buffer;
}

} // namespace kiln::runtime
