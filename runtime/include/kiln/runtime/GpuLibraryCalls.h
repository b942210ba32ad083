//===- GpuLibraryCalls.h - the runtime calls GPU programs make --*- C++ -*-===//
//
// The compiler turns convolutions and pooling into calls of two runtime
// functions, which run them with cuDNN. Both sides read the names, the
// kinds and the argument order from here. Every argument is an `index`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_GPULIBRARYCALLS_H
#define KILN_RUNTIME_GPULIBRARYCALLS_H

#include <cstdint>

namespace kiln::runtime {

/// Changes with the signatures below (and kiln_gpu_matmul's): part of every
/// GPU cache entry's version, so no program compiled for other signatures
/// is loaded.
inline constexpr int kGpuLibraryCallsVersion = 1;

/// `kiln_gpu_convolution(kind, dtype, x, w, y, n, c, h, width, f, kh, kw, oh,
/// ow, pad_h, pad_w, stride_h, stride_w, dilation_h, dilation_w, groups)`: the
/// NCHW input x, the [F, C/groups, KH, KW] weight w and the [N, F, OH, OW]
/// output y of one convolution, given as device addresses of contiguous
/// buffers; `kind` says which of the three is written.
inline constexpr const char *kGpuConvolutionFunction = "kiln_gpu_convolution";
inline constexpr int kGpuConvolutionArguments = 21;

enum class ConvolutionKind : int64_t {
  /// y = conv2d(x, w).
  Forward,
  /// x = the gradient with respect to the input, given y's gradient and w.
  BackwardData,
  /// w = the gradient with respect to the weight, given x and y's gradient.
  BackwardFilter,
};

/// `kiln_gpu_pooling(kind, dtype, x, y, n, c, h, w, oh, ow, kh, kw, pad_h,
/// pad_w, stride_h, stride_w)`: pools the NCHW input x into y.
inline constexpr const char *kGpuPoolingFunction = "kiln_gpu_pooling";
inline constexpr int kGpuPoolingArguments = 16;

enum class PoolingKind : int64_t {
  Max,
  /// Padding counts toward the divisor (PyTorch's count_include_pad).
  Average,
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_GPULIBRARYCALLS_H
