//===- Cudnn.cpp - convolutions and pooling with cuDNN, opened at run time ===//
//
// kiln's own declarations of the few cuDNN types, constants and functions it
// uses (the legacy descriptor API, which cuDNN 9 keeps): it never includes
// cudnn.h. The values are cuDNN 9's ABI. Convolutions run in plain FP32/FP64
// arithmetic (no TF32), so results match the CPU's up to rounding (cuDNN's
// algorithms sum in other orders).
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"
#include "GpuLibraries.h"

#include "kiln/runtime/CudaLibraries.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Path.h"

#include <climits>
#include <initializer_list>
#include <map>
#include <mutex>
#include <vector>

namespace kiln::runtime::cuda {

namespace {

using cudnnStatus_t = int;
using cudnnHandle_t = struct cudnnContext *;
using TensorDescriptor = struct cudnnTensorStruct *;
using FilterDescriptor = struct cudnnFilterStruct *;
using ConvolutionDescriptor = struct cudnnConvolutionStruct *;
using PoolingDescriptor = struct cudnnPoolingStruct *;

constexpr int CUDNN_DATA_FLOAT = 0;
constexpr int CUDNN_DATA_DOUBLE = 1;
constexpr int CUDNN_TENSOR_NCHW = 0;
constexpr int CUDNN_CROSS_CORRELATION = 1;
constexpr int CUDNN_FMA_MATH = 3;
constexpr int CUDNN_POOLING_MAX = 0;
constexpr int CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING = 1;
constexpr int CUDNN_PROPAGATE_NAN = 1;

/// cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t, which share a layout.
struct AlgorithmPerformance {
  int algorithm;
  cudnnStatus_t status;
  float time;
  size_t memory;
  int determinism;
  int mathType;
  int reserved[3];
};

/// The _v7 heuristics of each kind: the handle, the descriptors of (for
/// the forward kind) x, w, conv, y, then the results wanted and returned.
using FindAlgorithms = cudnnStatus_t (*)(cudnnHandle_t, void *, void *,
                                         ConvolutionDescriptor, void *, int,
                                         int *, AlgorithmPerformance *);
/// cudnnConvolutionForward / BackwardData / BackwardFilter: alpha, two
/// (descriptor, data) inputs, conv, algorithm, workspace, beta, output.
using RunConvolution = cudnnStatus_t (*)(cudnnHandle_t, const void *, void *,
                                         const void *, void *, const void *,
                                         ConvolutionDescriptor, int, void *,
                                         size_t, const void *, void *, void *);

/// The sub-libraries cuDNN's front library opens by soname (in dependency
/// order).
constexpr const char *kSubLibraries[] = {
    "libcudnn_graph.so.9",
    "libcudnn_engines_runtime_compiled.so.9",
    "libcudnn_engines_precompiled.so.9",
    "libcudnn_heuristic.so.9",
    "libcudnn_ops.so.9",
    "libcudnn_cnn.so.9"};

/// The largest workspace an algorithm may ask for.
constexpr size_t kMaxWorkspaceBytes = size_t(1) << 30;

struct Cudnn {
  /// Loads cuDNN, creates the handle (bound to kiln's stream) and the
  /// descriptors; the reason in `unusable` if that fails.
  void start();
  /// Success, or an error naming `function` and `status`.
  llvm::Error check(cudnnStatus_t status, const char *function) const;
  /// The first failure among calls already made, with their names.
  llvm::Error
  checkAll(std::initializer_list<std::pair<cudnnStatus_t, const char *>> calls)
      const;

  cudnnStatus_t (*cudnnCreate)(cudnnHandle_t *) = nullptr;
  cudnnStatus_t (*cudnnSetStream)(cudnnHandle_t, CUstream) = nullptr;
  const char *(*cudnnGetErrorString)(cudnnStatus_t) = nullptr;
  cudnnStatus_t (*cudnnCreateTensorDescriptor)(TensorDescriptor *) = nullptr;
  cudnnStatus_t (*cudnnSetTensor4dDescriptor)(TensorDescriptor, int, int, int,
                                              int, int, int) = nullptr;
  cudnnStatus_t (*cudnnCreateFilterDescriptor)(FilterDescriptor *) = nullptr;
  cudnnStatus_t (*cudnnSetFilter4dDescriptor)(FilterDescriptor, int, int, int,
                                              int, int, int) = nullptr;
  cudnnStatus_t (*cudnnCreateConvolutionDescriptor)(ConvolutionDescriptor *) =
      nullptr;
  cudnnStatus_t (*cudnnSetConvolution2dDescriptor)(ConvolutionDescriptor, int,
                                                   int, int, int, int, int, int,
                                                   int) = nullptr;
  cudnnStatus_t (*cudnnSetConvolutionGroupCount)(ConvolutionDescriptor,
                                                 int) = nullptr;
  cudnnStatus_t (*cudnnSetConvolutionMathType)(ConvolutionDescriptor,
                                               int) = nullptr;
  cudnnStatus_t (*cudnnCreatePoolingDescriptor)(PoolingDescriptor *) = nullptr;
  cudnnStatus_t (*cudnnSetPooling2dDescriptor)(PoolingDescriptor, int, int, int,
                                               int, int, int, int,
                                               int) = nullptr;
  cudnnStatus_t (*cudnnPoolingForward)(cudnnHandle_t, PoolingDescriptor,
                                       const void *, TensorDescriptor,
                                       const void *, const void *,
                                       TensorDescriptor, void *) = nullptr;
  /// Indexed by ConvolutionKind.
  FindAlgorithms findAlgorithms[3] = {};
  RunConvolution runConvolution[3] = {};

  cudnnHandle_t handle = nullptr;
  TensorDescriptor x = nullptr, y = nullptr;
  FilterDescriptor w = nullptr;
  ConvolutionDescriptor convolution = nullptr;
  PoolingDescriptor pooling = nullptr;
  /// The algorithm and workspace chosen for each convolution seen, keyed by
  /// kind, dtype and geometry.
  std::map<std::vector<int64_t>, AlgorithmPerformance> algorithms;
  /// Why cuDNN cannot be used; empty when it can.
  std::string unusable;
  /// The handle and descriptors are shared: one call at a time.
  std::mutex mutex;
};

/// Opens cuDNN's sub-libraries from the folder of `frontLibrary` first, so
/// its own opens by soname find them even when that folder (a Python
/// package's) is not on the loader's path. Any that fail are left to cuDNN,
/// which reports them.
void preloadSubLibraries(void *symbolInFrontLibrary) {
  Dl_info info;
  if (!dladdr(symbolInFrontLibrary, &info) || !info.dli_fname)
    return;
  llvm::StringRef folder = llvm::sys::path::parent_path(info.dli_fname);
  for (const char *soname : kSubLibraries)
    dlopen((folder + "/" + soname).str().c_str(), RTLD_NOW | RTLD_GLOBAL);
}

void Cudnn::start() {
  llvm::Expected<void *> library =
      openLibrary("cuDNN", {"libcudnn.so.9", "libcudnn.so"});
  if (!library) {
    unusable = llvm::toString(library.takeError());
    return;
  }
  SymbolResolver resolve(*library);
  resolve(cudnnCreate, "cudnnCreate", true);
  resolve(cudnnSetStream, "cudnnSetStream", true);
  resolve(cudnnGetErrorString, "cudnnGetErrorString", true);
  resolve(cudnnCreateTensorDescriptor, "cudnnCreateTensorDescriptor", true);
  resolve(cudnnSetTensor4dDescriptor, "cudnnSetTensor4dDescriptor", true);
  resolve(cudnnCreateFilterDescriptor, "cudnnCreateFilterDescriptor", true);
  resolve(cudnnSetFilter4dDescriptor, "cudnnSetFilter4dDescriptor", true);
  resolve(cudnnCreateConvolutionDescriptor, "cudnnCreateConvolutionDescriptor",
          true);
  resolve(cudnnSetConvolution2dDescriptor, "cudnnSetConvolution2dDescriptor",
          true);
  resolve(cudnnSetConvolutionGroupCount, "cudnnSetConvolutionGroupCount", true);
  resolve(cudnnSetConvolutionMathType, "cudnnSetConvolutionMathType", true);
  resolve(cudnnCreatePoolingDescriptor, "cudnnCreatePoolingDescriptor", true);
  resolve(cudnnSetPooling2dDescriptor, "cudnnSetPooling2dDescriptor", true);
  resolve(cudnnPoolingForward, "cudnnPoolingForward", true);
  const char *const algorithmFinders[] = {
      "cudnnGetConvolutionForwardAlgorithm_v7",
      "cudnnGetConvolutionBackwardDataAlgorithm_v7",
      "cudnnGetConvolutionBackwardFilterAlgorithm_v7"};
  const char *const runners[] = {"cudnnConvolutionForward",
                                 "cudnnConvolutionBackwardData",
                                 "cudnnConvolutionBackwardFilter"};
  for (int kind = 0; kind < 3; ++kind) {
    resolve(findAlgorithms[kind], algorithmFinders[kind], true);
    resolve(runConvolution[kind], runners[kind], true);
  }
  if (!resolve.missingNames().empty()) {
    unusable = "the cuDNN library found lacks " + resolve.missingNames();
    return;
  }
  preloadSubLibraries(reinterpret_cast<void *>(cudnnCreate));
  if (llvm::Error error = check(cudnnCreate(&handle), "cudnnCreate")) {
    unusable = llvm::toString(std::move(error));
    return;
  }
  if (llvm::Error error = checkAll(
          {{cudnnSetStream(handle, kilnStream()), "cudnnSetStream"},
           {cudnnCreateTensorDescriptor(&x), "cudnnCreateTensorDescriptor"},
           {cudnnCreateTensorDescriptor(&y), "cudnnCreateTensorDescriptor"},
           {cudnnCreateFilterDescriptor(&w), "cudnnCreateFilterDescriptor"},
           {cudnnCreateConvolutionDescriptor(&convolution),
            "cudnnCreateConvolutionDescriptor"},
           {cudnnCreatePoolingDescriptor(&pooling),
            "cudnnCreatePoolingDescriptor"}}))
    unusable = llvm::toString(std::move(error));
}

llvm::Error Cudnn::check(cudnnStatus_t status, const char *function) const {
  if (status == 0)
    return llvm::Error::success();
  return failure(llvm::Twine(function) +
                 " failed: " + cudnnGetErrorString(status) + " (cuDNN status " +
                 llvm::Twine(status) + ")");
}

llvm::Error Cudnn::checkAll(
    std::initializer_list<std::pair<cudnnStatus_t, const char *>> calls) const {
  for (auto [status, function] : calls)
    if (status != 0)
      return check(status, function);
  return llvm::Error::success();
}

/// cuDNN, set up on first use by a thread whose context is current. Never
/// destroyed, like the driver state.
llvm::Expected<Cudnn &> cudnn() {
  static Cudnn *instance = [] {
    auto *cudnn = new Cudnn;
    cudnn->start();
    return cudnn;
  }();
  if (!instance->unusable.empty())
    return failure(instance->unusable);
  return *instance;
}

/// cuDNN's data type for kiln's `dtype`, which must be f32 or f64.
int dataTypeOf(intptr_t dtype) {
  return dtype == static_cast<intptr_t>(DType::f32) ? CUDNN_DATA_FLOAT
                                                    : CUDNN_DATA_DOUBLE;
}

/// Checks that every size fits cuDNN's int and is positive (sizes) or not
/// negative (padding).
llvm::Error checkGeometry(llvm::ArrayRef<int64_t> sizes,
                          llvm::ArrayRef<int64_t> paddings) {
  for (int64_t size : sizes)
    if (size <= 0 || size > INT_MAX)
      return failure("a convolution or pooling size is out of cuDNN's "
                     "range: " +
                     llvm::Twine(size));
  for (int64_t padding : paddings)
    if (padding < 0 || padding > INT_MAX)
      return failure("bad padding " + llvm::Twine(padding));
  return llvm::Error::success();
}

/// The output size along one dimension of `size` for a window of `kernel`
/// (PyTorch's formula, without ceil mode).
int64_t outputSize(int64_t size, int64_t kernel, int64_t padding,
                   int64_t stride, int64_t dilation) {
  return (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
}

/// Success when windows of `kh` x `kw` over an `h` x `w` input give an
/// `oh` x `ow` output; else an error naming `op`.
llvm::Error checkOutputSize(const char *op, int64_t h, int64_t w, int64_t oh,
                            int64_t ow, int64_t kh, int64_t kw, int64_t padH,
                            int64_t padW, int64_t strideH, int64_t strideW,
                            int64_t dilationH, int64_t dilationW) {
  if (oh == outputSize(h, kh, padH, strideH, dilationH) &&
      ow == outputSize(w, kw, padW, strideW, dilationW))
    return llvm::Error::success();
  return failure("a " + llvm::Twine(h) + "x" + llvm::Twine(w) + " " + op +
                 " cannot give a " + llvm::Twine(oh) + "x" + llvm::Twine(ow) +
                 " output");
}

/// Scalars alpha = 1 and beta = 0 of `dtype`'s compute type.
struct Scaling {
  explicit Scaling(intptr_t dtype)
      : isFloat(dtype == static_cast<intptr_t>(DType::f32)) {}
  const void *one() const {
    return isFloat ? static_cast<const void *>(&oneFloat) : &oneDouble;
  }
  const void *zero() const {
    return isFloat ? static_cast<const void *>(&zeroFloat) : &zeroDouble;
  }

private:
  bool isFloat;
  float oneFloat = 1, zeroFloat = 0;
  double oneDouble = 1, zeroDouble = 0;
};

/// The algorithm cuDNN's heuristics rank first for the convolution the
/// descriptors hold, among those with a workspace of at most
/// kMaxWorkspaceBytes, preferring ones listed for FMA arithmetic (the
/// descriptor asks for FMA either way); remembered per geometry.
llvm::Expected<AlgorithmPerformance>
chooseAlgorithm(Cudnn &dnn, ConvolutionKind kind, std::vector<int64_t> key) {
  auto known = dnn.algorithms.find(key);
  if (known != dnn.algorithms.end())
    return known->second;
  // Each kind names its descriptors in its own order.
  void *first = dnn.x, *second = dnn.w, *output = dnn.y;
  if (kind == ConvolutionKind::BackwardData)
    first = dnn.w, second = dnn.y, output = dnn.x;
  else if (kind == ConvolutionKind::BackwardFilter)
    first = dnn.x, second = dnn.y, output = dnn.w;
  constexpr int kMaxResults = 16;
  AlgorithmPerformance results[kMaxResults];
  int count = 0;
  int index = static_cast<int>(kind);
  if (llvm::Error error = dnn.check(
          dnn.findAlgorithms[index](dnn.handle, first, second, dnn.convolution,
                                    output, kMaxResults, &count, results),
          "cudnnGetConvolution*Algorithm_v7"))
    return std::move(error);
  const AlgorithmPerformance *chosen = nullptr;
  for (const AlgorithmPerformance &result : llvm::ArrayRef(results, count)) {
    if (result.status != 0 || result.memory > kMaxWorkspaceBytes)
      continue;
    if (!chosen || (result.mathType == CUDNN_FMA_MATH &&
                    chosen->mathType != CUDNN_FMA_MATH))
      chosen = &result;
  }
  if (!chosen)
    return failure("cuDNN offers no algorithm for this convolution");
  return dnn.algorithms[std::move(key)] = *chosen;
}

} // namespace

llvm::Error cudnnConvolution(ConvolutionKind kind, intptr_t dtype, void *x,
                             void *w, void *y,
                             const ConvolutionGeometry &geometry) {
  if (llvm::Error error = requireF32OrF64("cuDNN convolutions", dtype))
    return error;
  auto [n, c, h, width, f, kh, kw, oh, ow, padH, padW, strideH, strideW,
        dilationH, dilationW, groups] = geometry;
  if (llvm::Error error =
          checkGeometry({n, c, h, width, f, kh, kw, oh, ow, strideH, strideW,
                         dilationH, dilationW, groups},
                        {padH, padW}))
    return error;
  if (c % groups || f % groups)
    return failure("channels (" + llvm::Twine(c) + ") and filters (" +
                   llvm::Twine(f) + ") must divide into " +
                   llvm::Twine(groups) + " groups");
  if (llvm::Error error =
          checkOutputSize("convolution", h, width, oh, ow, kh, kw, padH, padW,
                          strideH, strideW, dilationH, dilationW))
    return error;
  llvm::Expected<Cudnn &> found = cudnn();
  if (!found)
    return found.takeError();
  Cudnn &dnn = *found;
  int type = dataTypeOf(dtype);
  std::lock_guard<std::mutex> lock(dnn.mutex);
  if (llvm::Error error = dnn.checkAll(
          {{dnn.cudnnSetTensor4dDescriptor(dnn.x, CUDNN_TENSOR_NCHW, type, n, c,
                                           h, width),
            "cudnnSetTensor4dDescriptor"},
           {dnn.cudnnSetFilter4dDescriptor(dnn.w, type, CUDNN_TENSOR_NCHW, f,
                                           c / groups, kh, kw),
            "cudnnSetFilter4dDescriptor"},
           {dnn.cudnnSetTensor4dDescriptor(dnn.y, CUDNN_TENSOR_NCHW, type, n, f,
                                           oh, ow),
            "cudnnSetTensor4dDescriptor"},
           {dnn.cudnnSetConvolution2dDescriptor(
                dnn.convolution, padH, padW, strideH, strideW, dilationH,
                dilationW, CUDNN_CROSS_CORRELATION, type),
            "cudnnSetConvolution2dDescriptor"},
           {dnn.cudnnSetConvolutionGroupCount(dnn.convolution, groups),
            "cudnnSetConvolutionGroupCount"},
           {dnn.cudnnSetConvolutionMathType(dnn.convolution, CUDNN_FMA_MATH),
            "cudnnSetConvolutionMathType"}}))
    return error;

  std::vector<int64_t> key{static_cast<int64_t>(kind),
                           dtype,
                           n,
                           c,
                           h,
                           width,
                           f,
                           kh,
                           kw,
                           oh,
                           ow,
                           padH,
                           padW,
                           strideH,
                           strideW,
                           dilationH,
                           dilationW,
                           groups};
  llvm::Expected<AlgorithmPerformance> algorithm =
      chooseAlgorithm(dnn, kind, std::move(key));
  if (!algorithm)
    return algorithm.takeError();
  void *workspace = nullptr;
  if (algorithm->memory) {
    llvm::Expected<void *> block =
        deviceAllocator().allocate(algorithm->memory);
    if (!block)
      return block.takeError();
    workspace = *block;
  }
  // The two inputs and the output of each kind, with their descriptors.
  void *first = dnn.x, *firstData = x, *second = dnn.w, *secondData = w;
  void *output = dnn.y, *outputData = y;
  if (kind == ConvolutionKind::BackwardData) {
    first = dnn.w, firstData = w, second = dnn.y, secondData = y;
    output = dnn.x, outputData = x;
  } else if (kind == ConvolutionKind::BackwardFilter) {
    second = dnn.y, secondData = y, output = dnn.w, outputData = w;
  }
  Scaling scaling(dtype);
  const char *const names[] = {"cudnnConvolutionForward",
                               "cudnnConvolutionBackwardData",
                               "cudnnConvolutionBackwardFilter"};
  int index = static_cast<int>(kind);
  llvm::Error error =
      dnn.check(dnn.runConvolution[index](dnn.handle, scaling.one(), first,
                                          firstData, second, secondData,
                                          dnn.convolution, algorithm->algorithm,
                                          workspace, algorithm->memory,
                                          scaling.zero(), output, outputData),
                names[index]);
  // Work queued later on kiln's one stream runs after this convolution, so
  // the workspace can go back to the cache now.
  if (workspace)
    deviceAllocator().deallocate(workspace);
  return error;
}

llvm::Error cudnnPooling(PoolingKind kind, intptr_t dtype, const void *x,
                         void *y, const PoolingGeometry &geometry) {
  if (llvm::Error error = requireF32OrF64("cuDNN pooling", dtype))
    return error;
  auto [n, c, h, w, oh, ow, kh, kw, padH, padW, strideH, strideW] = geometry;
  if (llvm::Error error = checkGeometry(
          {n, c, h, w, oh, ow, kh, kw, strideH, strideW}, {padH, padW}))
    return error;
  if (llvm::Error error = checkOutputSize("pooling", h, w, oh, ow, kh, kw, padH,
                                          padW, strideH, strideW, 1, 1))
    return error;
  llvm::Expected<Cudnn &> found = cudnn();
  if (!found)
    return found.takeError();
  Cudnn &dnn = *found;
  int type = dataTypeOf(dtype);
  int mode = kind == PoolingKind::Max
                 ? CUDNN_POOLING_MAX
                 : CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;
  std::lock_guard<std::mutex> lock(dnn.mutex);
  // A NaN in a window is its maximum, as in PyTorch.
  if (llvm::Error error = dnn.checkAll(
          {{dnn.cudnnSetTensor4dDescriptor(dnn.x, CUDNN_TENSOR_NCHW, type, n, c,
                                           h, w),
            "cudnnSetTensor4dDescriptor"},
           {dnn.cudnnSetTensor4dDescriptor(dnn.y, CUDNN_TENSOR_NCHW, type, n, c,
                                           oh, ow),
            "cudnnSetTensor4dDescriptor"},
           {dnn.cudnnSetPooling2dDescriptor(dnn.pooling, mode,
                                            CUDNN_PROPAGATE_NAN, kh, kw, padH,
                                            padW, strideH, strideW),
            "cudnnSetPooling2dDescriptor"}}))
    return error;
  Scaling scaling(dtype);
  return dnn.check(dnn.cudnnPoolingForward(dnn.handle, dnn.pooling,
                                           scaling.one(), dnn.x, x,
                                           scaling.zero(), dnn.y, y),
                   "cudnnPoolingForward");
}

} // namespace kiln::runtime::cuda
