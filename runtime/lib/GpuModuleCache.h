//===- GpuModuleCache.h - kernel modules, loaded once -----------*- C++ -*-===//
//
// Compiled GPU programs load their kernels (PTX, or cubins and fatbins) each
// time they are linked. The driver's PTX compiler takes far longer than the
// rest of a small program, so modules are kept for the life of the process,
// and the cubins compiled from PTX are kept on disk between processes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_LIB_GPUMODULECACHE_H
#define KILN_RUNTIME_LIB_GPUMODULECACHE_H

#include "CudaDriver.h"

#include "kiln/runtime/Cuda.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <mutex>
#include <optional>
#include <string>

namespace kiln::runtime::cuda {

/// cubins on disk, with the integrity rules of kiln's artifact cache.
class GpuBinaryDiskCache {
public:
  /// A cache in `folder` (empty: disabled) of binaries built by `version`
  /// (kiln, the driver, the device's architecture).
  GpuBinaryDiskCache(std::string folder, std::string version);

  /// The `gpu` folder inside ArtifactCache::defaultFolder(); empty when
  /// that is disabled.
  static std::string defaultFolder();

  /// The binary stored for `key`, if a valid one is on disk; an invalid
  /// entry is reported on standard error and treated as absent.
  std::optional<std::string> lookup(const std::string &key) const;
  /// Stores `binary` for `key`; failures are reported and ignored.
  void store(const std::string &key, llvm::StringRef binary) const;

private:
  std::string folder;
  std::string version;
};

/// Driver modules by content, loaded once and never unloaded. Thread-safe.
class GpuModuleCache {
public:
  /// A cache for `device` (whose context must be current on the threads
  /// that call in) keeping cubins compiled from PTX in `disk`.
  GpuModuleCache(const DeviceInfo &device, std::string diskFolder);

  /// The process's cache, with the default disk folder; device() must have
  /// succeeded.
  static GpuModuleCache &global();

  /// `ptx`, compiled for the device by the driver at `optLevel` (0 to 4,
  /// like ptxas -O) and loaded. Keyed by a hash of the text, the level, the
  /// architecture and the driver version; a compilation error carries the
  /// driver's log.
  llvm::Expected<CUmodule> loadPtx(llvm::StringRef ptx, int optLevel);
  /// A cubin or fatbin image, loaded. Cached in memory only: it is already
  /// compiled.
  llvm::Expected<CUmodule> loadBinary(llvm::StringRef image);

  ModuleCacheStats stats() const;

private:
  /// Compiles `ptx` to a cubin with the driver's linker.
  llvm::Expected<std::string> compile(llvm::StringRef ptx, int optLevel);

  std::string arch;
  int driverVersion;
  GpuBinaryDiskCache disk;
  mutable std::mutex mutex;
  llvm::StringMap<CUmodule> modules;
  ModuleCacheStats counters;
};

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_LIB_GPUMODULECACHE_H
