//===- DeviceAllocator.h - caching allocator for device memory --*- C++ -*-===//
//
// Allocating device memory synchronizes the device and costs far more than
// a kernel launch, so freed blocks are kept and handed out again.
//
// Stream semantics: kiln queues all device work on one stream. A block freed
// while work queued on that stream still uses it can be handed out at once:
// whatever the new owner queues on the same stream runs after that work,
// and kiln's host-side copies go through the legacy default stream, which
// waits for it. Cached blocks are only returned to the driver after a
// synchronization.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_DEVICEALLOCATOR_H
#define KILN_RUNTIME_DEVICEALLOCATOR_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <mutex>

namespace kiln::runtime::cuda {

/// What the caching allocator has done so far. Sizes are rounded sizes.
struct MemoryStats {
  /// Bytes in blocks handed out and not yet freed.
  uint64_t allocatedBytes = 0;
  /// Bytes held from the device: allocated plus cached.
  uint64_t reservedBytes = 0;
  /// The largest allocatedBytes has been.
  uint64_t peakAllocatedBytes = 0;
  /// Successful allocations.
  uint64_t allocations = 0;
  /// Allocations served from the cache.
  uint64_t cacheHits = 0;
  /// Allocations that went to the device.
  uint64_t deviceAllocations = 0;
  /// Times the device ran out of memory and the cache was emptied to retry.
  uint64_t oomRetries = 0;
};

/// Where the caching allocator gets its memory: the driver, or a fake in
/// tests.
class DeviceMemoryBackend {
public:
  virtual ~DeviceMemoryBackend();
  /// Allocates `bytes`; returns null when the device is out of memory and
  /// an error for any other failure.
  virtual llvm::Expected<void *> allocate(uint64_t bytes) = 0;
  virtual void free(void *block) = 0;
  /// The device's free memory in bytes.
  virtual uint64_t freeBytes() = 0;
  /// Waits for all queued work, which may still use cached blocks.
  virtual void synchronize() = 0;
};

/// A thread-safe caching allocator. Requests up to 1 MiB are rounded up to
/// a multiple of 512 bytes and served from cached blocks of at most 1 MiB;
/// larger ones are rounded up to a multiple of 2 MiB and served from cached
/// blocks at most twice their size. The smallest fitting block is used.
class DeviceAllocator {
public:
  static constexpr uint64_t kSmallLimit = uint64_t{1} << 20;
  static constexpr uint64_t kSmallGranule = 512;
  static constexpr uint64_t kLargeGranule = uint64_t{2} << 20;

  explicit DeviceAllocator(DeviceMemoryBackend &backend);
  /// Returns the cached blocks; blocks still allocated are their owners'.
  ~DeviceAllocator();

  /// The size a request for `bytes` occupies.
  static uint64_t roundedSize(uint64_t bytes);

  /// A block of at least `bytes` bytes (a distinct one even for 0). When
  /// the device is out of memory, returns every cached block to it and
  /// retries once, then fails saying how much was requested, allocated,
  /// reserved and free.
  llvm::Expected<void *> allocate(uint64_t bytes);
  /// Returns `block` to the cache; false (and nothing done) when it is not
  /// a block this allocator handed out.
  bool deallocate(void *block);
  /// Returns every cached block to the device.
  void emptyCache();
  MemoryStats stats() const;

private:
  /// Returns the cached blocks to the device; `mutex` is held.
  void releaseCached();

  DeviceMemoryBackend &backend;
  mutable std::mutex mutex;
  /// Free blocks by size.
  std::multimap<uint64_t, void *> cached;
  /// Handed-out blocks and their sizes.
  llvm::DenseMap<void *, uint64_t> live;
  MemoryStats counters;
};

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_DEVICEALLOCATOR_H
