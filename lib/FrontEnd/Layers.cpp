//===- Layers.cpp - activations and dropout: functions and modules --------===//

#include "NNChecks.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

#include <algorithm>
#include <numbers>

namespace kiln {

using detail::callSite;
using detail::fail;
using detail::shapeText;

namespace {
/// Dropout with one draw per element of `maskShape`, which broadcasts to
/// the input: its shape for dropout, [N, C, 1, ...] for whole channels.
Tensor dropWithMask(const Tensor &input, IntArrayRef maskShape, double p,
                    bool train, const char *op, SourceLocation where) {
  if (!(p >= 0 && p <= 1))
    fail(op,
         "dropout probability has to be between 0 and 1, but got " +
             std::to_string(p),
         where);
  if (!train || p == 0)
    return input;
  detail::requireFloat(input, op, where);
  CallSite site(where);
  Dtype type = input.dtype(where);
  Tensor kept = (rand(std::move(maskShape),
                      detail::onDeviceOf(input, type, where), where) >= p)
                    .to(type, where);
  // p = 1 drops everything; 1 / (1 - p) would turn the zeros into NaNs.
  double scale = p < 1 ? 1 / (1 - p) : 0;
  return input * kept * scale;
}
} // namespace

Tensor dropout(const Tensor &input, double p, bool train,
               SourceLocation where) {
  where = callSite(where);
  return dropWithMask(input, input.sizes(where), p, train, "kiln.dropout",
                      where);
}

Tensor feature_dropout(const Tensor &input, double p, bool train,
                       SourceLocation where) {
  where = callSite(where);
  std::vector<int64_t> mask = input.sizes(where);
  if (mask.size() < 2)
    fail("kiln.feature_dropout",
         "expects an input [N, C, ...], got " + shapeText(mask), where);
  std::fill(mask.begin() + 2, mask.end(), 1);
  return dropWithMask(input, mask, p, train, "kiln.feature_dropout", where);
}

namespace nn::functional {

Tensor relu(const Tensor &input, SourceLocation where) {
  return input.relu(where);
}

Tensor silu(const Tensor &input, SourceLocation where) {
  return input.silu(where);
}

Tensor gelu(const Tensor &input, const GELUFuncOptions &options,
            SourceLocation where) {
  where = callSite(where);
  if (options.approximate() == "none")
    return input.gelu(where);
  if (options.approximate() != "tanh")
    fail("kiln.gelu",
         "approximate must be \"none\" or \"tanh\", got \"" +
             options.approximate() + "\"",
         where);
  CallSite site(where);
  const double k = std::numbers::sqrt2 * std::numbers::inv_sqrtpi; // sqrt(2/pi)
  Tensor inner = (input + input.pow(3, where) * 0.044715) * k;
  return input * 0.5 * (inner.tanh(where) + 1);
}

Tensor dropout(const Tensor &input, const DropoutFuncOptions &options,
               SourceLocation where) {
  return kiln::dropout(input, options.p(), options.training(), where);
}

Tensor dropout2d(const Tensor &input, const Dropout2dFuncOptions &options,
                 SourceLocation where) {
  where = callSite(where);
  int64_t rank = input.dim(where);
  if (rank != 3 && rank != 4)
    fail("kiln.dropout2d",
         "expects an input [N, C, H, W] or [C, H, W], got " +
             shapeText(input.sizes(where)),
         where);
  if (rank == 4)
    return feature_dropout(input, options.p(), options.training(), where);
  // One image: its channels are the first dimension.
  return feature_dropout(input.unsqueeze(0, where), options.p(),
                         options.training(), where)
      .squeeze(0, where);
}

} // namespace nn::functional

namespace detail {
namespace F = nn::functional;

Tensor reluForward(const Tensor &input, const nn::NoOptions &, bool,
                   SourceLocation where) {
  return F::relu(input, where);
}
Tensor geluForward(const Tensor &input, const nn::GELUOptions &options, bool,
                   SourceLocation where) {
  return F::gelu(input, options, where);
}
Tensor siluForward(const Tensor &input, const nn::NoOptions &, bool,
                   SourceLocation where) {
  return F::silu(input, where);
}
Tensor tanhForward(const Tensor &input, const nn::NoOptions &, bool,
                   SourceLocation where) {
  return input.tanh(where);
}
Tensor sigmoidForward(const Tensor &input, const nn::NoOptions &, bool,
                      SourceLocation where) {
  return input.sigmoid(where);
}
Tensor softmaxForward(const Tensor &input, const nn::SoftmaxOptions &options,
                      bool, SourceLocation where) {
  return input.softmax(options.dim(), where);
}
Tensor logSoftmaxForward(const Tensor &input,
                         const nn::LogSoftmaxOptions &options, bool,
                         SourceLocation where) {
  return input.log_softmax(options.dim(), where);
}
Tensor flattenForward(const Tensor &input, const nn::FlattenOptions &options,
                      bool, SourceLocation where) {
  return input.flatten(options.start_dim(), options.end_dim(), where);
}
Tensor dropoutForward(const Tensor &input, const nn::DropoutOptions &options,
                      bool training, SourceLocation where) {
  return kiln::dropout(input, options.p(), training, where);
}
Tensor dropout2dForward(const Tensor &input,
                        const nn::Dropout2dOptions &options, bool training,
                        SourceLocation where) {
  return F::dropout2d(
      input, F::Dropout2dFuncOptions().p(options.p()).training(training),
      where);
}

} // namespace detail
} // namespace kiln
