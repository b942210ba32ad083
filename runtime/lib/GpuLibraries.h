//===- GpuLibraries.h - cuBLAS and cuDNN for the entry points --*- C++ -*-===//
//
// The work the runtime's library entry points hand to NVIDIA's libraries,
// which are opened at run time like the driver. Each function runs on
// kiln's stream and needs device() to have succeeded.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_LIB_GPULIBRARIES_H
#define KILN_RUNTIME_LIB_GPULIBRARIES_H

#include "kiln/runtime/DType.h"
#include "kiln/runtime/GpuLibraryCalls.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <dlfcn.h>
#include <string>

namespace kiln::runtime::cuda {

/// Looks up functions in an opened library, collecting the names of the
/// required ones it lacks.
class SymbolResolver {
public:
  explicit SymbolResolver(void *library) : library(library) {}
  template <typename FunctionPointer>
  void operator()(FunctionPointer &slot, const char *name, bool required) {
    slot = reinterpret_cast<FunctionPointer>(dlsym(library, name));
    if (!slot && required)
      missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  /// The missing names, comma-separated; empty when none is.
  const std::string &missingNames() const { return missing; }

private:
  void *library;
  std::string missing;
};

/// Success for f32 and f64, the types NVIDIA's libraries compute here; else
/// an error saying `what` takes only those.
inline llvm::Error requireF32OrF64(llvm::StringRef what, intptr_t dtype) {
  if (dtype == static_cast<intptr_t>(DType::f32) ||
      dtype == static_cast<intptr_t>(DType::f64))
    return llvm::Error::success();
  std::string name = "dtype " + std::to_string(dtype);
  if (dtype >= 0 && dtype <= static_cast<intptr_t>(DType::b1))
    name = std::string(info(static_cast<DType>(dtype)).irName);
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 what + " take f32 or f64, not " + name);
}

/// A matrix operand as kiln's compiler passes it: a device address, an
/// offset and strides in elements.
struct MatrixOperand {
  intptr_t base, offset, batchStride, rowStride, columnStride;
};

/// C += A B for `batch` products of m x k and k x n matrices of `dtype`
/// (f32 or f64), with cuBLAS.
llvm::Error cublasMatmul(intptr_t dtype, int64_t batch, int64_t m, int64_t n,
                         int64_t k, const MatrixOperand &a,
                         const MatrixOperand &b, const MatrixOperand &c);

/// A convolution's shape, as kiln_gpu_convolution passes it.
struct ConvolutionGeometry {
  int64_t n, c, h, w, f, kh, kw, oh, ow, padH, padW, strideH, strideW,
      dilationH, dilationW, groups;
};

/// One convolution with cuDNN over contiguous NCHW x, [F, C/groups, KH, KW]
/// w and NCHW y; `kind` says which one is written.
llvm::Error cudnnConvolution(ConvolutionKind kind, intptr_t dtype, void *x,
                             void *w, void *y,
                             const ConvolutionGeometry &geometry);

/// A pooling's shape, as kiln_gpu_pooling passes it.
struct PoolingGeometry {
  int64_t n, c, h, w, oh, ow, kh, kw, padH, padW, strideH, strideW;
};

/// One pooling of contiguous NCHW x into y with cuDNN.
llvm::Error cudnnPooling(PoolingKind kind, intptr_t dtype, const void *x,
                         void *y, const PoolingGeometry &geometry);

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_LIB_GPULIBRARIES_H
