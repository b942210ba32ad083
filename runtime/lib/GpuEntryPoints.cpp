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
#include "GpuModuleCache.h"

#include "kiln/runtime/Cuda.h"
#include "kiln/runtime/CudaLibraries.h"
#include "kiln/runtime/DType.h"

#include <atomic>
#include <climits>
#include <dlfcn.h>
#include <mutex>
#include <optional>

namespace kiln::runtime::cuda {

namespace {

llvm::Error failure(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

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

//===----------------------------------------------------------------------===//
// cuBLAS, opened at run time like the driver.
//===----------------------------------------------------------------------===//

using cublasStatus_t = int;
using cublasHandle_t = struct cublasContext *;
constexpr int CUBLAS_OP_N = 0;
constexpr int CUBLAS_OP_T = 1;

template <typename T>
using GemmStridedBatched = cublasStatus_t (*)(
    cublasHandle_t handle, int transa, int transb, int m, int n, int k,
    const T *alpha, const T *a, int lda, long long strideA, const T *b, int ldb,
    long long strideB, const T *beta, T *c, int ldc, long long strideC,
    int batchCount);

struct Cublas {
  /// Loads cuBLAS and creates the handle, bound to kiln's stream; the
  /// reason in `unusable` if that fails.
  void start();
  /// Success, or an error naming `function` and `status`.
  llvm::Error check(cublasStatus_t status, const char *function) const;

  cublasStatus_t (*cublasCreate_v2)(cublasHandle_t *handle) = nullptr;
  cublasStatus_t (*cublasSetStream_v2)(cublasHandle_t handle,
                                       CUstream stream) = nullptr;
  GemmStridedBatched<float> cublasSgemmStridedBatched = nullptr;
  GemmStridedBatched<double> cublasDgemmStridedBatched = nullptr;
  // Optional: cuBLAS 11.4 and later.
  const char *(*cublasGetStatusString)(cublasStatus_t status) = nullptr;

  cublasHandle_t handle = nullptr;
  /// Why cuBLAS cannot be used; empty when it can.
  std::string unusable;
  /// A handle is not safe to use from several threads at once.
  std::mutex mutex;
};

void Cublas::start() {
  llvm::Expected<void *> library = openLibrary(
      "cuBLAS", {"libcublas.so.13", "libcublas.so.12", "libcublas.so"});
  if (!library) {
    unusable = llvm::toString(library.takeError());
    return;
  }
  std::string missing;
  auto resolve = [&](auto &slot, const char *name, bool required) {
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(
        dlsym(*library, name));
    if (!slot && required)
      missing += std::string(missing.empty() ? "" : ", ") + name;
  };
  resolve(cublasCreate_v2, "cublasCreate_v2", true);
  resolve(cublasSetStream_v2, "cublasSetStream_v2", true);
  resolve(cublasSgemmStridedBatched, "cublasSgemmStridedBatched", true);
  resolve(cublasDgemmStridedBatched, "cublasDgemmStridedBatched", true);
  resolve(cublasGetStatusString, "cublasGetStatusString", false);
  if (!missing.empty()) {
    unusable = "the cuBLAS library found lacks " + missing;
    return;
  }
  llvm::Error error = check(cublasCreate_v2(&handle), "cublasCreate_v2");
  if (!error)
    error =
        check(cublasSetStream_v2(handle, kilnStream()), "cublasSetStream_v2");
  if (error)
    unusable = llvm::toString(std::move(error));
}

llvm::Error Cublas::check(cublasStatus_t status, const char *function) const {
  if (status == 0)
    return llvm::Error::success();
  std::string reason = cublasGetStatusString
                           ? cublasGetStatusString(status)
                           : "cuBLAS status " + std::to_string(status);
  return failure(llvm::Twine(function) + " failed: " + reason);
}

/// cuBLAS, set up on first use by a thread whose context is current. Never
/// destroyed, like the driver state.
Cublas &cublas() {
  static Cublas *instance = [] {
    auto *cublas = new Cublas;
    cublas->start();
    return cublas;
  }();
  return *instance;
}

/// A matrix operand as kiln's compiler passes it: a device address, an
/// offset and strides in elements.
struct Operand {
  intptr_t base, offset, batchStride, rowStride, columnStride;
};

/// How cuBLAS, which is column-major, reads a `rows` x `columns` matrix
/// given by row and column strides: as its transpose (op N) when columns
/// are contiguous, as itself transposed back (op T) when rows are.
struct Layout {
  int op;
  int64_t leadingDimension;
};

std::optional<Layout> layoutOf(int64_t rows, int64_t columns, int64_t rowStride,
                               int64_t columnStride) {
  // The stride of a dimension of size 1 does not matter.
  if (columnStride == 1 || columns == 1) {
    int64_t ld = rows == 1 ? columns : rowStride;
    if (ld >= std::max<int64_t>(columns, 1))
      return Layout{CUBLAS_OP_N, ld};
  }
  if (rowStride == 1 || rows == 1) {
    int64_t ld = columns == 1 ? rows : columnStride;
    if (ld >= std::max<int64_t>(rows, 1))
      return Layout{CUBLAS_OP_T, ld};
  }
  return std::nullopt;
}

template <typename T>
llvm::Error gemm(Cublas &blas, GemmStridedBatched<T> function, const char *name,
                 int64_t batch, int64_t m, int64_t n, int64_t k,
                 const Operand &a, const Operand &b, const Operand &c) {
  std::optional<Layout> aLayout = layoutOf(m, k, a.rowStride, a.columnStride);
  std::optional<Layout> bLayout = layoutOf(k, n, b.rowStride, b.columnStride);
  std::optional<Layout> cLayout = layoutOf(m, n, c.rowStride, c.columnStride);
  auto describe = [](const Operand &x) {
    return "(row stride " + std::to_string(x.rowStride) + ", column stride " +
           std::to_string(x.columnStride) + ")";
  };
  if (!aLayout || !bLayout || !cLayout || cLayout->op != CUBLAS_OP_N)
    return failure("cuBLAS cannot read these strides: A " + describe(a) +
                   ", B " + describe(b) + ", C " + describe(c) +
                   "; A and B need a contiguous dimension, C contiguous "
                   "rows, each without overlap");
  for (int64_t value : {batch, m, n, k, aLayout->leadingDimension,
                        bLayout->leadingDimension, cLayout->leadingDimension})
    if (value > INT_MAX)
      return failure("a matmul dimension or stride exceeds cuBLAS's int");
  auto pointer = [](const Operand &x) {
    return reinterpret_cast<T *>(x.base) + x.offset;
  };
  const T one = 1;
  // Column-major, C^T = B^T A^T: cuBLAS's first operand is B, its m is n.
  std::lock_guard<std::mutex> lock(blas.mutex);
  return blas.check(
      function(blas.handle, bLayout->op, aLayout->op, n, m, k, &one, pointer(b),
               bLayout->leadingDimension, b.batchStride, pointer(a),
               aLayout->leadingDimension, a.batchStride, &one, pointer(c),
               cLayout->leadingDimension, c.batchStride, batch),
      name);
}

llvm::Error matmul(intptr_t dtype, int64_t batch, int64_t m, int64_t n,
                   int64_t k, const Operand &a, const Operand &b,
                   const Operand &c) {
  bool isF32 = dtype == static_cast<intptr_t>(DType::f32);
  if (!isF32 && dtype != static_cast<intptr_t>(DType::f64)) {
    std::string name = "dtype " + std::to_string(dtype);
    if (dtype >= 0 && dtype <= static_cast<intptr_t>(DType::b1))
      name = info(static_cast<DType>(dtype)).irName;
    return failure("cuBLAS matmuls take f32 or f64, not " + name);
  }
  if (batch < 0 || m < 0 || n < 0 || k < 0)
    return failure("negative matmul sizes");
  // C += A B adds nothing.
  if (batch == 0 || m == 0 || n == 0 || k == 0)
    return llvm::Error::success();
  Cublas &blas = cublas();
  if (!blas.unusable.empty())
    return failure(blas.unusable);
  if (isF32)
    return gemm<float>(blas, blas.cublasSgemmStridedBatched,
                       "cublasSgemmStridedBatched", batch, m, n, k, a, b, c);
  return gemm<double>(blas, blas.cublasDgemmStridedBatched,
                      "cublasDgemmStridedBatched", batch, m, n, k, a, b, c);
}

} // namespace

} // namespace kiln::runtime::cuda

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
          matmul(dtype, batch, m, n, k,
                 {a, aOffset, aBatchStride, aRowStride, aColStride},
                 {b, bOffset, bBatchStride, bRowStride, bColStride},
                 {c, cOffset, cBatchStride, cRowStride, cColStride}))
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
