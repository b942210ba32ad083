//===- Functions.h - factories and free functions ---------------*- C++ -*-===//

#ifndef KILN_FUNCTIONS_H
#define KILN_FUNCTIONS_H

#include "kiln/ExpandingArray.h"
#include "kiln/Tensor.h"

#include <initializer_list>
#include <vector>

namespace kiln {

// Factories.
Tensor zeros(IntArrayRef shape, TensorOptions options = {}, KILN_HERE);
Tensor ones(IntArrayRef shape, TensorOptions options = {}, KILN_HERE);
Tensor full(IntArrayRef shape, Scalar value, TensorOptions options = {},
            KILN_HERE);
Tensor empty(IntArrayRef shape, TensorOptions options = {}, KILN_HERE);
Tensor arange(Scalar end, TensorOptions options = {}, KILN_HERE);
Tensor arange(Scalar start, Scalar end, Scalar step = 1,
              TensorOptions options = {}, KILN_HERE);
Tensor linspace(double start, double end, int64_t steps,
                TensorOptions options = {}, KILN_HERE);
Tensor eye(int64_t n, TensorOptions options = {}, KILN_HERE);
Tensor rand(IntArrayRef shape, TensorOptions options = {}, KILN_HERE);
Tensor randn(IntArrayRef shape, TensorOptions options = {}, KILN_HERE);
Tensor randint(int64_t low, int64_t high, IntArrayRef shape,
               TensorOptions options = kInt64, KILN_HERE);
/// Copies `data` (row-major, of `options.dtype()`) into a new tensor.
Tensor from_blob(const void *data, IntArrayRef shape,
                 TensorOptions options = {}, KILN_HERE);
/// Values for kiln::tensor: a number or (nested) braced lists of them, as
/// libtorch's torch::tensor takes: tensor({{1, 2}, {3, 4}}).
class TensorData {
public:
  TensorData(double value) : scalar(value) {}
  TensorData(std::initializer_list<TensorData> elements)
      : elements(elements), isList(true) {}

  /// The shape and the values in row-major order; false when ragged.
  bool flatten(std::vector<int64_t> &shape, std::vector<double> &values) const;

private:
  double scalar = 0;
  std::vector<TensorData> elements;
  bool isList = false;
};
/// A tensor holding `data`, as torch::tensor.
Tensor tensor(const TensorData &data, TensorOptions options = {}, KILN_HERE);
/// Seeds the generator behind rand, randn, randint (and dropout).
void manual_seed(uint64_t seed);

// Free functions.
Tensor cat(const std::vector<Tensor> &tensors, int64_t dim = 0, KILN_HERE);
Tensor stack(const std::vector<Tensor> &tensors, int64_t dim = 0, KILN_HERE);
Tensor matmul(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor where(const Tensor &condition, const Tensor &a, const Tensor &b,
             KILN_HERE);
Tensor where(const Tensor &condition, const Tensor &a, Scalar b, KILN_HERE);
Tensor where(const Tensor &condition, Scalar a, const Tensor &b, KILN_HERE);
Tensor exp(const Tensor &x, KILN_HERE);
Tensor log(const Tensor &x, KILN_HERE);
Tensor sqrt(const Tensor &x, KILN_HERE);
Tensor abs(const Tensor &x, KILN_HERE);
Tensor erf(const Tensor &x, KILN_HERE);
Tensor relu(const Tensor &x, KILN_HERE);
Tensor sigmoid(const Tensor &x, KILN_HERE);
Tensor tanh(const Tensor &x, KILN_HERE);
Tensor gelu(const Tensor &x, KILN_HERE);
Tensor silu(const Tensor &x, KILN_HERE);
Tensor softmax(const Tensor &x, int64_t dim, KILN_HERE);

/// 2-D convolution (cross-correlation) of `input` [N, C, H, W] with
/// `weight` [O, C / groups, kH, kW], plus `bias` [O] when given, as
/// torch::conv2d.
Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor &bias = {},
              ExpandingArray<2> stride = 1, ExpandingArray<2> padding = 0,
              ExpandingArray<2> dilation = 1, int64_t groups = 1, KILN_HERE);
/// Max pooling over windows of `kernelSize` of [N, C, H, W]; `stride`
/// defaults to the kernel size (0 means that), padding is -inf.
Tensor max_pool2d(const Tensor &input, ExpandingArray<2> kernelSize,
                  ExpandingArray<2> stride = 0, ExpandingArray<2> padding = 0,
                  KILN_HERE);
/// Average pooling; padding counts toward the divisor (PyTorch's default
/// count_include_pad).
Tensor avg_pool2d(const Tensor &input, ExpandingArray<2> kernelSize,
                  ExpandingArray<2> stride = 0, ExpandingArray<2> padding = 0,
                  KILN_HERE);
/// Average pooling to `outputSize`, with PyTorch's windows: output cell i
/// averages input rows [floor(i * H / out), ceil((i + 1) * H / out)), and
/// likewise for columns.
Tensor adaptive_avg_pool2d(const Tensor &input, ExpandingArray<2> outputSize,
                           KILN_HERE);
Tensor log_softmax(const Tensor &x, int64_t dim, KILN_HERE);
Tensor pow(const Tensor &x, Scalar exponent, KILN_HERE);
Tensor clamp(const Tensor &x, std::optional<Scalar> min,
             std::optional<Scalar> max = {}, KILN_HERE);
Tensor sum(const Tensor &x, KILN_HERE);
Tensor mean(const Tensor &x, KILN_HERE);
Tensor argmax(const Tensor &x, int64_t dim, bool keepdim = false, KILN_HERE);
Tensor transpose(const Tensor &x, int64_t dim0, int64_t dim1, KILN_HERE);
Tensor reshape(const Tensor &x, IntArrayRef shape, KILN_HERE);
Tensor maximum(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor minimum(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor add(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor sub(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor mul(const Tensor &a, const Tensor &b, KILN_HERE);
Tensor div(const Tensor &a, const Tensor &b, KILN_HERE);

namespace autograd {
/// The gradients of `outputs` (weighted by `grad_outputs`, ones for
/// one-element outputs when omitted) with respect to `inputs`, as
/// torch::autograd::grad; nothing accumulates in grad(). An input the
/// outputs do not depend on gets zeros. With `create_graph` the results can
/// be differentiated again (higher-order gradients).
std::vector<Tensor> grad(const std::vector<Tensor> &outputs,
                         const std::vector<Tensor> &inputs,
                         const std::vector<Tensor> &grad_outputs = {},
                         std::optional<bool> retain_graph = std::nullopt,
                         bool create_graph = false, KILN_HERE);
} // namespace autograd

/// Computes every pending tensor that is still alive.
void sync(KILN_HERE);

/// Counters of the lazy runtime since the process started.
struct Stats {
  int64_t nodesTraced = 0;    ///< lazy ops recorded
  int64_t graphsRun = 0;      ///< cut graphs executed
  int64_t graphsCompiled = 0; ///< cache misses that ran the compiler
  int64_t memoryCacheHits = 0;
  int64_t memoryCacheMisses = 0;
  int64_t diskCacheHits = 0;   ///< programs loaded from the disk cache
  int64_t diskCacheMisses = 0; ///< disk lookups that found no valid entry
  double compileSeconds = 0;
  double runSeconds = 0;
};
Stats stats();

} // namespace kiln

#endif // KILN_FUNCTIONS_H
