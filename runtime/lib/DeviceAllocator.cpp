//===- DeviceAllocator.cpp - a caching allocator for device memory --------===//

#include "kiln/runtime/DeviceAllocator.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::runtime::cuda {

namespace {
uint64_t roundUp(uint64_t value, uint64_t granule) {
  return (value + granule - 1) / granule * granule;
}

/// `bytes` for people: "512 bytes", "2.00 MiB".
std::string formatBytes(uint64_t bytes) {
  static constexpr const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024)
    return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  for (; value >= 1024 && unit + 1 < std::size(units); ++unit)
    value /= 1024;
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.2f ", value) << units[unit];
  return text;
}
} // namespace

DeviceMemoryBackend::~DeviceMemoryBackend() = default;

DeviceAllocator::DeviceAllocator(DeviceMemoryBackend &backend)
    : backend(backend) {}

DeviceAllocator::~DeviceAllocator() { emptyCache(); }

uint64_t DeviceAllocator::roundedSize(uint64_t bytes) {
  if (bytes <= kSmallLimit)
    return std::max(roundUp(bytes, kSmallGranule), kSmallGranule);
  return roundUp(bytes, kLargeGranule);
}

llvm::Expected<void *> DeviceAllocator::allocate(uint64_t bytes) {
  uint64_t size = roundedSize(bytes);
  std::lock_guard<std::mutex> lock(mutex);
  uint64_t largestFit = size <= kSmallLimit ? kSmallLimit : 2 * size;
  void *block = nullptr;
  if (auto fit = cached.lower_bound(size);
      fit != cached.end() && fit->first <= largestFit) {
    block = fit->second;
    size = fit->first;
    cached.erase(fit);
    ++counters.cacheHits;
  } else {
    llvm::Expected<void *> fresh = backend.allocate(size);
    if (fresh && !*fresh) {
      // Out of memory: what the cache holds may be enough.
      releaseCached();
      ++counters.oomRetries;
      fresh = backend.allocate(size);
    }
    if (!fresh)
      return fresh.takeError();
    if (!*fresh)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "CUDA out of memory: tried to allocate " + formatBytes(bytes) + "; " +
              formatBytes(counters.allocatedBytes) + " allocated by kiln, " +
              formatBytes(counters.reservedBytes) + " reserved, " +
              formatBytes(backend.freeBytes()) + " free on the device");
    block = *fresh;
    counters.reservedBytes += size;
    ++counters.deviceAllocations;
  }
  live[block] = size;
  ++counters.allocations;
  counters.allocatedBytes += size;
  counters.peakAllocatedBytes =
      std::max(counters.peakAllocatedBytes, counters.allocatedBytes);
  return block;
}

bool DeviceAllocator::deallocate(void *block) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = live.find(block);
  if (it == live.end())
    return false;
  cached.emplace(it->second, block);
  counters.allocatedBytes -= it->second;
  live.erase(it);
  return true;
}

void DeviceAllocator::emptyCache() {
  std::lock_guard<std::mutex> lock(mutex);
  releaseCached();
}

void DeviceAllocator::releaseCached() {
  if (cached.empty())
    return;
  backend.synchronize();
  for (auto [size, block] : cached) {
    backend.free(block);
    counters.reservedBytes -= size;
  }
  cached.clear();
}

MemoryStats DeviceAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return counters;
}

} // namespace kiln::runtime::cuda
