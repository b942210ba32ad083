//===- Cublas.cpp - matmuls with cuBLAS, opened at run time ---------------===//

#include "CudaDriver.h"
#include "GpuLibraries.h"

#include "kiln/runtime/CudaLibraries.h"
#include "kiln/runtime/DType.h"

#include <algorithm>
#include <climits>
#include <mutex>
#include <optional>

namespace kiln::runtime::cuda {

namespace {

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
  SymbolResolver resolve(*library);
  resolve(cublasCreate_v2, "cublasCreate_v2", true);
  resolve(cublasSetStream_v2, "cublasSetStream_v2", true);
  resolve(cublasSgemmStridedBatched, "cublasSgemmStridedBatched", true);
  resolve(cublasDgemmStridedBatched, "cublasDgemmStridedBatched", true);
  resolve(cublasGetStatusString, "cublasGetStatusString", false);
  if (!resolve.missingNames().empty()) {
    unusable = "the cuBLAS library found lacks " + resolve.missingNames();
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
                 const MatrixOperand &a, const MatrixOperand &b,
                 const MatrixOperand &c) {
  std::optional<Layout> aLayout = layoutOf(m, k, a.rowStride, a.columnStride);
  std::optional<Layout> bLayout = layoutOf(k, n, b.rowStride, b.columnStride);
  std::optional<Layout> cLayout = layoutOf(m, n, c.rowStride, c.columnStride);
  auto describe = [](const MatrixOperand &x) {
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
  auto pointer = [](const MatrixOperand &x) {
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

} // namespace

llvm::Error cublasMatmul(intptr_t dtype, int64_t batch, int64_t m, int64_t n,
                         int64_t k, const MatrixOperand &a,
                         const MatrixOperand &b, const MatrixOperand &c) {
  if (llvm::Error error = requireF32OrF64("cuBLAS matmuls", dtype))
    return error;
  if (batch < 0 || m < 0 || n < 0 || k < 0)
    return failure("negative matmul sizes");
  // C += A B adds nothing.
  if (batch == 0 || m == 0 || n == 0 || k == 0)
    return llvm::Error::success();
  Cublas &blas = cublas();
  if (!blas.unusable.empty())
    return failure(blas.unusable);
  if (dtype == static_cast<intptr_t>(DType::f32))
    return gemm<float>(blas, blas.cublasSgemmStridedBatched,
                       "cublasSgemmStridedBatched", batch, m, n, k, a, b, c);
  return gemm<double>(blas, blas.cublasDgemmStridedBatched,
                      "cublasDgemmStridedBatched", batch, m, n, k, a, b, c);
}

} // namespace kiln::runtime::cuda
