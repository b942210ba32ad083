//===- GpuEntryPoints.cpp - what compiled GPU programs call ---------------===//
//
// The C functions MLIR's gpu-to-llvm lowering and kiln's library-call pass
// emit calls to, with the LLVM-level signatures they declare (index is
// intptr_t). They cannot return errors, so the first one is kept in a
// sticky slot and every later entry point does nothing until
// finishProgram() hands it over. They never crash or abort.
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"
#include "GpuLibraries.h"
#include "GpuModuleCache.h"

#include "kiln/runtime/Cuda.h"
#include "kiln/runtime/CudaLibraries.h"
#include "kiln/runtime/DType.h"

#include <atomic>
#include <climits>
#include <mutex>
#include <optional>

namespace kiln::runtime::cuda {

namespace {

std::mutex stickyMutex;
std::optional<std::string> stickyError;
// Read without the lock on every call.
std::atomic<bool> failed{false};

/// Keeps `error`, raised in entry point `function`, unless an earlier error
/// is kept already.
void record(const char *function, llvm::Error error) {
  std::lock_guard<std::mutex> lock(stickyMutex);
  if (stickyError) {
    llvm::consumeError(std::move(error));
    return;
  }
  stickyError = std::string(function) + ": " + llvm::toString(std::move(error));
  failed = true;
}

/// Whether entry point `function` should run: no error is pending and the
/// device is ready on this thread.
bool ready(const char *function) {
  if (failed.load(std::memory_order_relaxed))
    return false;
  if (llvm::Expected<const DeviceInfo &> info = device(); !info) {
    record(function, info.takeError());
    return false;
  }
  return true;
}

/// The value of `result`, or `fallback` after recording its error.
template <typename T>
T valueOr(const char *function, llvm::Expected<T> result, T fallback) {
  if (result)
    return *result;
  record(function, result.takeError());
  return fallback;
}

CUdeviceptr address(const void *ptr) {
  return reinterpret_cast<CUdeviceptr>(ptr);
}

} // namespace

} // namespace kiln::runtime::cuda

using namespace kiln::runtime;
using namespace kiln::runtime::cuda;

extern "C" {

void *mgpuModuleLoadJIT(void *ptx, int optLevel) {
  if (!ready(__func__))
    return nullptr;
  return valueOr<CUmodule>(__func__,
                           GpuModuleCache::global().loadPtx(
                               static_cast<const char *>(ptx), optLevel),
                           nullptr);
}

void *mgpuModuleLoad(void *data, size_t size) {
  if (!ready(__func__))
    return nullptr;
  return valueOr<CUmodule>(__func__,
                           GpuModuleCache::global().loadBinary(llvm::StringRef(
                               static_cast<const char *>(data), size)),
                           nullptr);
}

// The cache owns modules for the life of the process.
void mgpuModuleUnload(void *) {}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!ready(__func__))
    return nullptr;
  if (!module) {
    record(__func__, failure(llvm::Twine("no module to find ") + name + " in"));
    return nullptr;
  }
  CUfunction function = nullptr;
  if (llvm::Error error =
          check(driver().cuModuleGetFunction(
                    &function, static_cast<CUmodule>(module), name),
                "cuModuleGetFunction")) {
    record(__func__,
           failure(llvm::toString(std::move(error)) + " for " + name));
    return nullptr;
  }
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void * /*stream*/,
                      void **params, void **extra, size_t /*paramsCount*/) {
  if (gridX <= 0 || gridY <= 0 || gridZ <= 0 || !ready(__func__))
    return;
  if (!function) {
    record(__func__, failure("no kernel to launch"));
    return;
  }
  for (intptr_t size : {gridX, gridY, gridZ, blockX, blockY, blockZ})
    if (size <= 0 || static_cast<uintmax_t>(size) > UINT_MAX) {
      record(__func__,
             failure("bad launch dimensions: grid " + std::to_string(gridX) +
                     "x" + std::to_string(gridY) + "x" + std::to_string(gridZ) +
                     ", block " + std::to_string(blockX) + "x" +
                     std::to_string(blockY) + "x" + std::to_string(blockZ)));
      return;
    }
  if (sharedBytes < 0) {
    record(__func__, failure("negative dynamic shared memory size"));
    return;
  }
  if (llvm::Error error = check(
          driver().cuLaunchKernel(static_cast<CUfunction>(function), gridX,
                                  gridY, gridZ, blockX, blockY, blockZ,
                                  sharedBytes, kilnStream(), params, extra),
          "cuLaunchKernel"))
    record(__func__, std::move(error));
}

void *mgpuStreamCreate() {
  if (!ready(__func__))
    return nullptr;
  return kilnStream();
}

// kiln's stream is never destroyed, and finishProgram() waits for it once
// at the end. Waiting earlier is not needed: the host reads results through
// mgpuMemcpy into pageable memory, which returns once the data is there.
void mgpuStreamSynchronize(void *) {}
void mgpuStreamDestroy(void *) {}

void *mgpuMemAlloc(uint64_t bytes, void * /*stream*/, bool isHostShared) {
  if (!ready(__func__))
    return nullptr;
  if (isHostShared) {
    record(__func__, failure("host-shared device memory is not supported"));
    return nullptr;
  }
  return valueOr<void *>(__func__, deviceAllocator().allocate(bytes), nullptr);
}

void mgpuMemFree(void *ptr, void * /*stream*/) {
  // Returning a block to the cache touches no device state, so it is done
  // even after an error: nothing leaks.
  if (!ptr || !available())
    return;
  if (!deviceAllocator().deallocate(ptr))
    record(__func__, failure("not a block from mgpuMemAlloc"));
}

void mgpuMemcpy(void *dst, void *src, size_t bytes, void * /*stream*/) {
  if (bytes == 0 || !ready(__func__))
    return;
  // Unified addressing: the driver tells host from device pointers.
  if (llvm::Error error =
          check(driver().cuMemcpyAsync(address(dst), address(src), bytes,
                                       kilnStream()),
                "cuMemcpyAsync"))
    record(__func__, std::move(error));
}

void mgpuMemset32(void *dst, uint32_t value, size_t count, void * /*stream*/) {
  if (count == 0 || !ready(__func__))
    return;
  if (llvm::Error error = check(
          driver().cuMemsetD32Async(address(dst), value, count, kilnStream()),
          "cuMemsetD32Async"))
    record(__func__, std::move(error));
}

void kiln_gpu_matmul(intptr_t dtype, intptr_t batch, intptr_t m, intptr_t n,
                     intptr_t k, intptr_t a, intptr_t aOffset,
                     intptr_t aBatchStride, intptr_t aRowStride,
                     intptr_t aColStride, intptr_t b, intptr_t bOffset,
                     intptr_t bBatchStride, intptr_t bRowStride,
                     intptr_t bColStride, intptr_t c, intptr_t cOffset,
                     intptr_t cBatchStride, intptr_t cRowStride,
                     intptr_t cColStride) {
  if (!ready(__func__))
    return;
  if (llvm::Error error =
          cublasMatmul(dtype, batch, m, n, k,
                       {a, aOffset, aBatchStride, aRowStride, aColStride},
                       {b, bOffset, bBatchStride, bRowStride, bColStride},
                       {c, cOffset, cBatchStride, cRowStride, cColStride}))
    record(__func__, std::move(error));
}

void kiln_gpu_convolution(intptr_t kind, intptr_t dtype, void *x, void *w,
                          void *y, intptr_t n, intptr_t c, intptr_t h,
                          intptr_t width, intptr_t f, intptr_t kh, intptr_t kw,
                          intptr_t oh, intptr_t ow, intptr_t padH,
                          intptr_t padW, intptr_t strideH, intptr_t strideW,
                          intptr_t dilationH, intptr_t dilationW,
                          intptr_t groups) {
  if (!ready(__func__))
    return;
  if (kind < 0 || kind > static_cast<intptr_t>(ConvolutionKind::BackwardFilter))
    return record(__func__,
                  failure("unknown convolution kind " + std::to_string(kind)));
  if (llvm::Error error =
          cudnnConvolution(static_cast<ConvolutionKind>(kind), dtype, x, w, y,
                           {n, c, h, width, f, kh, kw, oh, ow, padH, padW,
                            strideH, strideW, dilationH, dilationW, groups}))
    record(__func__, std::move(error));
}

void kiln_gpu_pooling(intptr_t kind, intptr_t dtype, const void *x, void *y,
                      intptr_t n, intptr_t c, intptr_t h, intptr_t w,
                      intptr_t oh, intptr_t ow, intptr_t kh, intptr_t kw,
                      intptr_t padH, intptr_t padW, intptr_t strideH,
                      intptr_t strideW) {
  if (!ready(__func__))
    return;
  if (kind < 0 || kind > static_cast<intptr_t>(PoolingKind::Average))
    return record(__func__,
                  failure("unknown pooling kind " + std::to_string(kind)));
  if (llvm::Error error = cudnnPooling(
          static_cast<PoolingKind>(kind), dtype, x, y,
          {n, c, h, w, oh, ow, kh, kw, padH, padW, strideH, strideW}))
    record(__func__, std::move(error));
}

} // extern "C"

namespace kiln::runtime::cuda {

std::vector<std::pair<std::string, void *>> programEntryPoints() {
  return {
      {"mgpuModuleLoadJIT", reinterpret_cast<void *>(&mgpuModuleLoadJIT)},
      {"mgpuModuleLoad", reinterpret_cast<void *>(&mgpuModuleLoad)},
      {"mgpuModuleUnload", reinterpret_cast<void *>(&mgpuModuleUnload)},
      {"mgpuModuleGetFunction",
       reinterpret_cast<void *>(&mgpuModuleGetFunction)},
      {"mgpuLaunchKernel", reinterpret_cast<void *>(&mgpuLaunchKernel)},
      {"mgpuStreamCreate", reinterpret_cast<void *>(&mgpuStreamCreate)},
      {"mgpuStreamSynchronize",
       reinterpret_cast<void *>(&mgpuStreamSynchronize)},
      {"mgpuStreamDestroy", reinterpret_cast<void *>(&mgpuStreamDestroy)},
      {"mgpuMemAlloc", reinterpret_cast<void *>(&mgpuMemAlloc)},
      {"mgpuMemFree", reinterpret_cast<void *>(&mgpuMemFree)},
      {"mgpuMemcpy", reinterpret_cast<void *>(&mgpuMemcpy)},
      {"mgpuMemset32", reinterpret_cast<void *>(&mgpuMemset32)},
      {"kiln_gpu_matmul", reinterpret_cast<void *>(&kiln_gpu_matmul)},
      {kGpuConvolutionFunction,
       reinterpret_cast<void *>(&kiln_gpu_convolution)},
      {kGpuPoolingFunction, reinterpret_cast<void *>(&kiln_gpu_pooling)},
  };
}

llvm::Error finishProgram() {
  llvm::Error waited = available() ? synchronize() : llvm::Error::success();
  std::optional<std::string> first;
  {
    std::lock_guard<std::mutex> lock(stickyMutex);
    first.swap(stickyError);
    failed = false;
  }
  if (!first)
    return waited;
  llvm::consumeError(std::move(waited));
  return failure(*first);
}

} // namespace kiln::runtime::cuda
