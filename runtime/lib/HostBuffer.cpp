//===- HostBuffer.cpp - aligned host memory -------------------------------===//

#include "kiln/runtime/HostBuffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace kiln::runtime {

HostBuffer::HostBuffer(size_t size) : bytes(size) {
  // aligned_alloc wants a multiple of the alignment, and a non-zero size.
  size_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  void *memory = std::aligned_alloc(kAlignment, rounded ? rounded : kAlignment);
  if (!memory)
    throw std::bad_alloc();
  std::memset(memory, 0, rounded);
  storage = std::shared_ptr<void>(memory, std::free);
}

} // namespace kiln::runtime
