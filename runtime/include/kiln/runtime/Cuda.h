//===- Cuda.h - NVIDIA GPUs through the CUDA driver API ---------*- C++ -*-===//
//
// kiln reaches the GPU through the CUDA driver, opened at run time (never
// linked), so kiln builds and runs without one. It uses device 0's primary
// context and one stream for all device work. Compiled GPU programs are host
// objects that call the C entry points listed by programEntryPoints().
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_CUDA_H
#define KILN_RUNTIME_CUDA_H

#include "kiln/runtime/DeviceAllocator.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kiln::runtime::cuda {

/// The device kiln runs on.
struct DeviceInfo {
  std::string name;
  /// The compute capability.
  int major = 0, minor = 0;
  /// The driver's CUDA version, such as 13000 for 13.0.
  int driverVersion = 0;
  uint64_t totalBytes = 0;
  int multiprocessors = 0;

  /// The architecture's name in PTX and cubins, such as "sm_90".
  std::string arch() const;
};

/// Loads the driver and makes device 0's primary context current on first
/// use; thread-safe, and every thread that calls in gets the context made
/// current. Fails, saying why, when there is no driver (listing every place
/// it looked for it) or no device; the failure is remembered.
llvm::Expected<const DeviceInfo &> device();

/// Whether device() succeeds.
bool available();

/// Why device() fails; empty when it succeeds.
std::string unavailableReason();

/// Device memory from kiln's caching allocator (see DeviceAllocator.h).
llvm::Expected<void *> allocate(uint64_t bytes);

/// Returns a block from allocate() to the cache; null is ignored.
void deallocate(void *ptr);

/// The caching allocator's statistics; all zero while no device is in use.
MemoryStats memoryStats();

/// Waits for kiln's stream, then returns every cached block to the driver.
void emptyCache();

/// Copies host memory to the device. Runs after the work queued on kiln's
/// stream and returns when `src` may be reused.
llvm::Error copyToDevice(void *dst, const void *src, uint64_t bytes);

/// Copies device memory to the host, after the work queued on kiln's
/// stream; returns when `dst` holds the data.
llvm::Error copyToHost(void *dst, const void *src, uint64_t bytes);

/// Queues a copy between device buffers on kiln's stream.
llvm::Error copyOnDevice(void *dst, const void *src, uint64_t bytes);

/// Waits for all the work queued on kiln's stream.
llvm::Error synchronize();

/// What the kernel module cache has done so far.
struct ModuleCacheStats {
  /// Modules found already loaded in this process.
  uint64_t memoryHits = 0;
  /// PTX modules whose cubin came from the disk cache.
  uint64_t diskHits = 0;
  /// PTX modules compiled by the driver (disk misses).
  uint64_t compiled = 0;
  /// cubin or fatbin modules loaded.
  uint64_t binariesLoaded = 0;
};

/// The process's module cache statistics; all zero without a device.
ModuleCacheStats moduleCacheStats();

/// The C entry points compiled programs call (MLIR's `mgpu*` runtime
/// functions and `kiln_gpu_matmul`), by name, for the JIT linker.
std::vector<std::pair<std::string, void *>> programEntryPoints();

/// Waits for kiln's stream and returns (and clears) the first error an
/// entry point hit since the last call; entry points do nothing after an
/// error until then. There is one such slot per process: kiln runs one GPU
/// program at a time.
llvm::Error finishProgram();

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_CUDA_H
