//===- HostBuffer.cpp - aligned host memory -------------------------------===//

#include "kiln/runtime/HostBuffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace kiln::runtime {

namespace {
/// aligned_alloc wants a multiple of the alignment, and a non-zero size.
size_t roundedSize(size_t size) {
  size_t rounded =
      (size + HostBuffer::kAlignment - 1) / HostBuffer::kAlignment *
      HostBuffer::kAlignment;
  return rounded ? rounded : HostBuffer::kAlignment;
}
} // namespace

HostBuffer HostBuffer::uninitialized(size_t size) {
  HostBuffer buffer;
  void *memory = std::aligned_alloc(kAlignment, roundedSize(size));
  if (!memory)
    throw std::bad_alloc();
  buffer.storage = std::shared_ptr<void>(memory, std::free);
  buffer.bytes = size;
  return buffer;
}

HostBuffer::HostBuffer(size_t size) : HostBuffer(uninitialized(size)) {
  std::memset(data(), 0, roundedSize(size));
}

} // namespace kiln::runtime
