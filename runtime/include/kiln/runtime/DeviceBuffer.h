//===- DeviceBuffer.h - reference-counted device memory ---------*- C++ -*-===//

#ifndef KILN_RUNTIME_DEVICEBUFFER_H
#define KILN_RUNTIME_DEVICEBUFFER_H

#include "llvm/Support/Error.h"

#include <cstddef>
#include <memory>

namespace kiln::runtime {

/// A block of device memory from kiln's caching allocator; copies share the
/// block, which returns to the cache with the last copy.
class DeviceBuffer {
public:
  DeviceBuffer() = default;
  /// Allocates `size` bytes, left uninitialized; fails when there is no
  /// device or it is out of memory.
  static llvm::Expected<DeviceBuffer> allocate(size_t size);

  /// The device address.
  void *data() const { return storage.get(); }
  size_t size() const { return bytes; }
  long useCount() const { return storage.use_count(); }

private:
  std::shared_ptr<void> storage;
  size_t bytes = 0;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_DEVICEBUFFER_H
