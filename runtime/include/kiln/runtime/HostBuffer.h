//===- HostBuffer.h - aligned, reference-counted host memory ----*- C++ -*-===//

#ifndef KILN_RUNTIME_HOSTBUFFER_H
#define KILN_RUNTIME_HOSTBUFFER_H

#include <cstddef>
#include <memory>

namespace kiln::runtime {

/// A block of host memory aligned for the widest vector loads (64 bytes);
/// copies share the block, which is freed with the last copy.
class HostBuffer {
public:
  static constexpr size_t kAlignment = 64;

  HostBuffer() = default;
  /// Allocates `size` bytes, zero-filled; throws std::bad_alloc on failure.
  explicit HostBuffer(size_t size);
  /// Allocates `size` bytes left uninitialized, for buffers about to be
  /// overwritten whole (program outputs).
  static HostBuffer uninitialized(size_t size);

  void *data() const { return storage.get(); }
  size_t size() const { return bytes; }
  long useCount() const { return storage.use_count(); }

private:
  std::shared_ptr<void> storage;
  size_t bytes = 0;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_HOSTBUFFER_H
