//===- CudaDriver.cpp - the CUDA driver, device 0 and kiln's stream -------===//

#include "CudaDriver.h"

#include "kiln/runtime/Cuda.h"
#include "kiln/runtime/CudaLibraries.h"

#include <atomic>
#include <dlfcn.h>
#include <memory>
#include <mutex>

namespace kiln::runtime::cuda {

namespace {

/// Device memory straight from the driver.
class DriverMemory final : public DeviceMemoryBackend {
public:
  llvm::Expected<void *> allocate(uint64_t bytes) override {
    CUdeviceptr block = 0;
    CUresult result = driver().cuMemAlloc_v2(&block, bytes);
    if (result == CUDA_ERROR_OUT_OF_MEMORY)
      return nullptr;
    if (llvm::Error error = check(result, "cuMemAlloc_v2"))
      return std::move(error);
    return reinterpret_cast<void *>(block);
  }
  // Freeing and waiting only fail after an earlier error, which the next
  // synchronize() or finishProgram() reports.
  void free(void *block) override {
    driver().cuMemFree_v2(reinterpret_cast<CUdeviceptr>(block));
  }
  void synchronize() override { driver().cuStreamSynchronize(kilnStream()); }
  uint64_t freeBytes() override {
    size_t freeBytes = 0, totalBytes = 0;
    driver().cuMemGetInfo_v2(&freeBytes, &totalBytes);
    return freeBytes;
  }
};

/// The loaded driver and what kiln set up with it. Never destroyed: at exit
/// the driver may be gone before static destructors run.
struct Driver {
  /// Loads the driver and sets up device 0; the reason in `unusable` if not.
  void start();
  llvm::Error load();

  DriverApi api{};
  DeviceInfo info;
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  DriverMemory memory;
  std::unique_ptr<DeviceAllocator> allocator;
  /// Why the driver cannot be used; empty when it can.
  std::string unusable;
};

/// The driver's functions once loaded; check() needs them while the
/// driver is being set up.
std::atomic<const DriverApi *> loadedApi{nullptr};

template <typename Function>
void resolve(void *library, Function &slot, const char *name,
             std::string &missing) {
  slot = reinterpret_cast<Function>(dlsym(library, name));
  if (!slot)
    missing += std::string(missing.empty() ? "" : ", ") + name;
}

llvm::Error Driver::load() {
  llvm::Expected<void *> library =
      openLibrary("the CUDA driver", {"libcuda.so.1"});
  if (!library)
    return library.takeError();
  std::string missing;
#define KILN_RESOLVE(name) resolve(*library, api.name, #name, missing)
  KILN_RESOLVE(cuInit);
  KILN_RESOLVE(cuDriverGetVersion);
  KILN_RESOLVE(cuDeviceGetCount);
  KILN_RESOLVE(cuDeviceGet);
  KILN_RESOLVE(cuDeviceGetName);
  KILN_RESOLVE(cuDeviceGetAttribute);
  KILN_RESOLVE(cuDeviceTotalMem_v2);
  KILN_RESOLVE(cuDevicePrimaryCtxRetain);
  KILN_RESOLVE(cuCtxSetCurrent);
  KILN_RESOLVE(cuMemAlloc_v2);
  KILN_RESOLVE(cuMemFree_v2);
  KILN_RESOLVE(cuMemGetInfo_v2);
  KILN_RESOLVE(cuMemcpyHtoD_v2);
  KILN_RESOLVE(cuMemcpyDtoH_v2);
  KILN_RESOLVE(cuMemcpyAsync);
  KILN_RESOLVE(cuMemsetD8Async);
  KILN_RESOLVE(cuMemsetD32Async);
  KILN_RESOLVE(cuStreamCreate);
  KILN_RESOLVE(cuStreamSynchronize);
  KILN_RESOLVE(cuModuleLoadData);
  KILN_RESOLVE(cuModuleGetFunction);
  KILN_RESOLVE(cuLaunchKernel);
  KILN_RESOLVE(cuLinkCreate_v2);
  KILN_RESOLVE(cuLinkAddData_v2);
  KILN_RESOLVE(cuLinkComplete);
  KILN_RESOLVE(cuLinkDestroy);
  KILN_RESOLVE(cuGetErrorName);
  KILN_RESOLVE(cuGetErrorString);
#undef KILN_RESOLVE
  if (!missing.empty())
    return failure("the CUDA driver lacks " + missing +
                   " (a driver for CUDA 11 or later is needed)");
  loadedApi = &api;
  return llvm::Error::success();
}

void Driver::start() {
  auto setUp = [&]() -> llvm::Error {
    if (llvm::Error error = load())
      return error;
    if (llvm::Error error = check(api.cuInit(0), "cuInit"))
      return error;
    int count = 0;
    if (llvm::Error error =
            check(api.cuDeviceGetCount(&count), "cuDeviceGetCount"))
      return error;
    if (count == 0)
      return failure("the CUDA driver found no device");
    CUdevice device;
    char name[256] = {};
    size_t totalBytes = 0;
    if (llvm::Error error =
            llvm::joinErrors(check(api.cuDeviceGet(&device, 0), "cuDeviceGet"),
                             check(api.cuDriverGetVersion(&info.driverVersion),
                                   "cuDriverGetVersion")))
      return error;
    if (llvm::Error error = llvm::joinErrors(
            check(api.cuDeviceGetName(name, sizeof(name) - 1, device),
                  "cuDeviceGetName"),
            check(api.cuDeviceTotalMem_v2(&totalBytes, device),
                  "cuDeviceTotalMem_v2")))
      return error;
    info.name = name;
    info.totalBytes = totalBytes;
    for (auto [attribute, value] :
         {std::pair{CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, &info.major},
          std::pair{CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, &info.minor},
          std::pair{CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                    &info.multiprocessors}})
      if (llvm::Error error =
              check(api.cuDeviceGetAttribute(value, attribute, device),
                    "cuDeviceGetAttribute"))
        return error;
    // The primary context is the one the CUDA runtime, and so cuBLAS, uses.
    if (llvm::Error error =
            check(api.cuDevicePrimaryCtxRetain(&context, device),
                  "cuDevicePrimaryCtxRetain"))
      return error;
    if (llvm::Error error =
            check(api.cuCtxSetCurrent(context), "cuCtxSetCurrent"))
      return error;
    // A blocking stream (flags 0): the synchronous copies, which run on the
    // legacy default stream, wait for the work queued on it.
    if (llvm::Error error =
            check(api.cuStreamCreate(&stream, 0), "cuStreamCreate"))
      return error;
    allocator = std::make_unique<DeviceAllocator>(memory);
    return llvm::Error::success();
  };
  if (llvm::Error error = setUp())
    unusable = "CUDA is unavailable: " + llvm::toString(std::move(error));
}

std::once_flag startOnce;
std::atomic<Driver *> started{nullptr};

Driver &state() {
  std::call_once(startOnce, [] {
    auto *driver = new Driver;
    driver->start();
    started = driver;
  });
  return *started;
}

/// The driver if it has been set up successfully, without setting it up.
Driver *running() {
  Driver *driver = started.load();
  return driver && driver->unusable.empty() ? driver : nullptr;
}

} // namespace

std::string DeviceInfo::arch() const {
  return "sm_" + std::to_string(major) + std::to_string(minor);
}

const DriverApi &driver() { return *loadedApi.load(); }

CUstream kilnStream() { return started.load()->stream; }

DeviceAllocator &deviceAllocator() { return *started.load()->allocator; }

llvm::Error check(CUresult result, const char *function) {
  if (result == CUDA_SUCCESS)
    return llvm::Error::success();
  const char *name = nullptr, *text = nullptr;
  const DriverApi &api = *loadedApi.load();
  if (api.cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    name = "an unknown CUDA error";
  if (api.cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = "no description";
  return failure(llvm::Twine(function) + " failed: " + name + " (" + text +
                 ")");
}

llvm::Expected<const DeviceInfo &> device() {
  Driver &driver = state();
  if (!driver.unusable.empty())
    return failure(driver.unusable);
  // Contexts are per thread: make ours current on each thread once.
  thread_local bool contextCurrent = false;
  if (!contextCurrent) {
    if (llvm::Error error = check(driver.api.cuCtxSetCurrent(driver.context),
                                  "cuCtxSetCurrent"))
      return std::move(error);
    contextCurrent = true;
  }
  return driver.info;
}

bool available() { return state().unusable.empty(); }

std::string unavailableReason() { return state().unusable; }

llvm::Expected<void *> allocate(uint64_t bytes) {
  if (llvm::Expected<const DeviceInfo &> info = device(); !info)
    return info.takeError();
  return state().allocator->allocate(bytes);
}

void deallocate(void *ptr) {
  if (Driver *driver = running(); driver && ptr)
    driver->allocator->deallocate(ptr);
}

MemoryStats memoryStats() {
  if (Driver *driver = running())
    return driver->allocator->stats();
  return {};
}

void emptyCache() {
  Driver *driver = running();
  if (!driver)
    return;
  // The driver frees memory in the calling thread's context.
  if (llvm::Expected<const DeviceInfo &> info = device(); !info) {
    llvm::consumeError(info.takeError());
    return;
  }
  driver->allocator->emptyCache();
}

llvm::Error copyToDevice(void *dst, const void *src, uint64_t bytes) {
  if (llvm::Expected<const DeviceInfo &> info = device(); !info)
    return info.takeError();
  if (bytes == 0)
    return llvm::Error::success();
  return check(
      driver().cuMemcpyHtoD_v2(reinterpret_cast<CUdeviceptr>(dst), src, bytes),
      "cuMemcpyHtoD_v2");
}

llvm::Error copyToHost(void *dst, const void *src, uint64_t bytes) {
  if (llvm::Expected<const DeviceInfo &> info = device(); !info)
    return info.takeError();
  if (bytes == 0)
    return llvm::Error::success();
  return check(
      driver().cuMemcpyDtoH_v2(dst, reinterpret_cast<CUdeviceptr>(src), bytes),
      "cuMemcpyDtoH_v2");
}

llvm::Error copyOnDevice(void *dst, const void *src, uint64_t bytes) {
  if (llvm::Expected<const DeviceInfo &> info = device(); !info)
    return info.takeError();
  if (bytes == 0)
    return llvm::Error::success();
  return check(driver().cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                                      reinterpret_cast<CUdeviceptr>(src), bytes,
                                      kilnStream()),
               "cuMemcpyAsync");
}

llvm::Error synchronize() {
  if (llvm::Expected<const DeviceInfo &> info = device(); !info)
    return info.takeError();
  return check(driver().cuStreamSynchronize(kilnStream()),
               "cuStreamSynchronize");
}

} // namespace kiln::runtime::cuda
