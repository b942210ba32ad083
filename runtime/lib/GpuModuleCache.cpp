//===- GpuModuleCache.cpp - kernel modules, loaded once -------------------===//

#include "GpuModuleCache.h"

#include "CacheFile.h"

#include "kiln/runtime/ArtifactCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

namespace kiln::runtime::cuda {

namespace {

constexpr CacheEntryFormat kBinaryFormat{
    "KILNGPU1", "a kiln GPU binary",
    "written by another kiln, CUDA driver or GPU",
    "the entry belongs to other PTX (hash collision)"};

std::string hashText(llvm::StringRef bytes) {
  llvm::XXH128_hash_t hash =
      llvm::xxh3_128bits(llvm::arrayRefFromStringRef(bytes));
  return llvm::utohexstr(hash.high64, /*LowerCase=*/true, 16) +
         llvm::utohexstr(hash.low64, /*LowerCase=*/true, 16);
}

} // namespace

GpuBinaryDiskCache::GpuBinaryDiskCache(std::string folder, std::string version)
    : folder(std::move(folder)), version(std::move(version)) {}

std::string GpuBinaryDiskCache::defaultFolder() {
  std::string base = ArtifactCache::defaultFolder();
  if (base.empty())
    return "";
  llvm::SmallString<128> path(base);
  llvm::sys::path::append(path, "gpu");
  return std::string(path);
}

std::optional<std::string>
GpuBinaryDiskCache::lookup(const std::string &key) const {
  return CacheFolder(folder, version, ".cubin")
      .lookup<std::string>(
          key, [&](llvm::StringRef blob) -> llvm::Expected<std::string> {
            llvm::Expected<llvm::StringRef> binary =
                openCacheEntry(kBinaryFormat, blob, version, key);
            if (!binary)
              return binary.takeError();
            return binary->str();
          });
}

void GpuBinaryDiskCache::store(const std::string &key,
                               llvm::StringRef binary) const {
  std::string bytes;
  beginCacheEntry(kBinaryFormat, version, key, bytes);
  bytes += binary;
  endCacheEntry(bytes);
  CacheFolder(folder, version, ".cubin").store(key, bytes);
}

GpuModuleCache::GpuModuleCache(const DeviceInfo &device, std::string diskFolder)
    : arch(device.arch()), driverVersion(device.driverVersion),
      disk(std::move(diskFolder), "kiln " KILN_VERSION "; " + arch +
                                      "; CUDA driver " +
                                      std::to_string(device.driverVersion)) {}

GpuModuleCache &GpuModuleCache::global() {
  // Never destroyed: modules live as long as the process, and the driver
  // may be gone before static destructors run.
  static GpuModuleCache *cache = new GpuModuleCache(
      llvm::cantFail(device()), GpuBinaryDiskCache::defaultFolder());
  return *cache;
}

llvm::Expected<std::string> GpuModuleCache::compile(llvm::StringRef ptx,
                                                    int optLevel) {
  const DriverApi &api = driver();
  char log[16384] = {};
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                            CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log) - 1),
                    reinterpret_cast<void *>(
                        static_cast<uintptr_t>(std::clamp(optLevel, 0, 4)))};
  CUlinkState link = nullptr;
  if (llvm::Error error =
          check(api.cuLinkCreate_v2(std::size(options), options, values, &link),
                "cuLinkCreate_v2"))
    return std::move(error);
  // The driver wants the text NUL-terminated.
  std::string text = ptx.str();
  void *cubin = nullptr;
  size_t size = 0;
  llvm::Error error = check(
      api.cuLinkAddData_v2(link, CU_JIT_INPUT_PTX, text.data(), text.size() + 1,
                           "kernels", 0, nullptr, nullptr),
      "cuLinkAddData_v2");
  if (!error)
    error = check(api.cuLinkComplete(link, &cubin, &size), "cuLinkComplete");
  std::string result;
  if (!error)
    result.assign(static_cast<const char *>(cubin), size);
  // The cubin belongs to the link state.
  api.cuLinkDestroy(link);
  if (error) {
    llvm::StringRef details = llvm::StringRef(log).trim();
    if (details.empty())
      return std::move(error);
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   llvm::toString(std::move(error)) + "\n" +
                                       details);
  }
  return result;
}

llvm::Expected<CUmodule> GpuModuleCache::loadPtx(llvm::StringRef ptx,
                                                 int optLevel) {
  std::string key = "ptx " + hashText(ptx) + " O" + std::to_string(optLevel) +
                    " " + arch + " driver " + std::to_string(driverVersion);
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = modules.find(key); it != modules.end()) {
    ++counters.memoryHits;
    return it->second;
  }
  const DriverApi &api = driver();
  CUmodule module = nullptr;
  if (std::optional<std::string> cubin = disk.lookup(key)) {
    if (llvm::Error error = check(api.cuModuleLoadData(&module, cubin->data()),
                                  "cuModuleLoadData"))
      // A stored cubin the driver rejects is a miss, as a corrupt entry is.
      CacheFolder::warnIgnored("for " + key, std::move(error));
    else
      ++counters.diskHits;
  }
  if (!module) {
    llvm::Expected<std::string> cubin = compile(ptx, optLevel);
    if (!cubin)
      return cubin.takeError();
    if (llvm::Error error = check(api.cuModuleLoadData(&module, cubin->data()),
                                  "cuModuleLoadData"))
      return std::move(error);
    ++counters.compiled;
    disk.store(key, *cubin);
  }
  modules[key] = module;
  return module;
}

llvm::Expected<CUmodule> GpuModuleCache::loadBinary(llvm::StringRef image) {
  std::string key = "binary " + hashText(image);
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = modules.find(key); it != modules.end()) {
    ++counters.memoryHits;
    return it->second;
  }
  CUmodule module = nullptr;
  if (llvm::Error error = check(
          driver().cuModuleLoadData(&module, image.data()), "cuModuleLoadData"))
    return std::move(error);
  ++counters.binariesLoaded;
  modules[key] = module;
  return module;
}

ModuleCacheStats GpuModuleCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return counters;
}

ModuleCacheStats moduleCacheStats() {
  if (!available())
    return {};
  return GpuModuleCache::global().stats();
}

} // namespace kiln::runtime::cuda
