//===- HostBuffer.h - aligned, reference-counted host memory ----*- C++ -*-===//

#ifndef KILN_RUNTIME_HOSTBUFFER_H
#define KILN_RUNTIME_HOSTBUFFER_H

#include <cstddef>
#include <memory>

namespace kiln::runtime {

/// A block of host memory aligned for the widest vector loads (64 bytes);
/// copies share the block, which is freed with the last copy. Freed blocks
/// of 1 MiB or more (up to 1 GiB in all) are kept for the next buffer of
/// the same size.
class HostBuffer {
public:
  static constexpr size_t kAlignment = 64;

  HostBuffer() = default;
  /// Allocates `size` bytes, zero-filled; throws std::bad_alloc on failure.
  explicit HostBuffer(size_t size);
  /// Allocates `size` bytes left uninitialized, for buffers about to be
  /// overwritten whole (program outputs).
  static HostBuffer uninitialized(size_t size);

  /// Bytes of freed blocks kept for reuse.
  static size_t cachedBytes();
  /// Returns the kept blocks to the system allocator.
  static void releaseCached();

  void *data() const { return storage.get(); }
  size_t size() const { return bytes; }
  long useCount() const { return storage.use_count(); }

private:
  std::shared_ptr<void> storage;
  size_t bytes = 0;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_HOSTBUFFER_H
