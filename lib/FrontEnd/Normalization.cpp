//===- Normalization.cpp - layer_norm, batch_norm and their modules -------===//

#include "NNChecks.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

#include <numeric>

namespace kiln {

using detail::callSite;
using detail::fail;
using detail::requireShape;
using detail::Shape;
using detail::shapeText;

Tensor layer_norm(const Tensor &input, IntArrayRef normalized_shape,
                  const Tensor &weight, const Tensor &bias, double eps,
                  SourceLocation where) {
  where = callSite(where);
  const char *op = "kiln.layer_norm";
  detail::requireFloat(input, op, where);
  Shape shape = input.sizes(where);
  size_t count = normalized_shape.size();
  if (count == 0 || count > shape.size() ||
      !std::equal(normalized_shape.begin(), normalized_shape.end(),
                  shape.end() - count))
    fail(op,
         "normalized_shape " + shapeText(normalized_shape) +
             " must match the trailing dimensions of input " + shapeText(shape),
         where);
  requireShape(weight, normalized_shape, "weight", op, where);
  requireShape(bias, normalized_shape, "bias", op, where);
  CallSite site(where);
  std::vector<int64_t> dims(count);
  std::iota(dims.begin(), dims.end(), shape.size() - count);
  Tensor centered = input - input.mean(dims, true, where);
  Tensor variance = (centered * centered).mean(dims, true, where);
  Tensor output = centered * (variance + eps).rsqrt(where);
  if (weight.defined())
    output = output * weight;
  return bias.defined() ? output + bias : output;
}

Tensor batch_norm(const Tensor &input, const Tensor &weight, const Tensor &bias,
                  const Tensor &running_mean, const Tensor &running_var,
                  bool training, double momentum, double eps,
                  SourceLocation where) {
  where = callSite(where);
  const char *op = "kiln.batch_norm";
  detail::requireFloat(input, op, where);
  Shape shape = input.sizes(where);
  if (shape.size() < 2)
    fail(op, "expects an input [N, C, ...], got " + shapeText(shape), where);
  Shape channels = {shape[1]};
  requireShape(weight, channels, "weight", op, where);
  requireShape(bias, channels, "bias", op, where);
  requireShape(running_mean, channels, "running_mean", op, where);
  requireShape(running_var, channels, "running_var", op, where);
  CallSite site(where);
  // Statistics are per channel: reduce over every other dimension and
  // broadcast back as [1, C, 1, ...].
  std::vector<int64_t> dims = {0};
  for (size_t d = 2; d < shape.size(); ++d)
    dims.push_back(static_cast<int64_t>(d));
  Shape perChannel(shape.size(), 1);
  perChannel[1] = shape[1];

  Tensor mean, variance;
  if (training) {
    int64_t count = input.numel(where) / shape[1];
    if (count < 2)
      fail(op,
           "expected more than 1 value per channel when training, got input " +
               shapeText(shape),
           where);
    mean = input.mean(dims, true, where);
    variance = input.var(dims, false, true, where);
    // The running statistics are the caller's tensors, moved in place.
    NoGradGuard noGrad;
    auto update = [&](Tensor running, const Tensor &batch) {
      if (running.defined())
        running.mul_(1 - momentum, where)
            .add_(batch.reshape(channels, where), momentum, where);
    };
    update(running_mean, mean);
    update(running_var, variance * (static_cast<double>(count) / (count - 1)));
  } else {
    if (!running_mean.defined() || !running_var.defined())
      fail(op, "needs running_mean and running_var when not training", where);
    mean = running_mean.reshape(perChannel, where);
    variance = running_var.reshape(perChannel, where);
  }
  Tensor output = (input - mean) * (variance + eps).rsqrt(where);
  if (weight.defined())
    output = output * weight.reshape(perChannel, where);
  return bias.defined() ? output + bias.reshape(perChannel, where) : output;
}

namespace nn {

Tensor functional::layer_norm(const Tensor &input,
                              const LayerNormFuncOptions &options,
                              SourceLocation where) {
  return kiln::layer_norm(input, options.normalized_shape(), options.weight(),
                          options.bias(), options.eps(), where);
}

Tensor functional::batch_norm(const Tensor &input, const Tensor &running_mean,
                              const Tensor &running_var,
                              const BatchNormFuncOptions &options,
                              SourceLocation where) {
  return kiln::batch_norm(input, options.weight(), options.bias(), running_mean,
                          running_var, options.training(), options.momentum(),
                          options.eps(), where);
}

LayerNormImpl::LayerNormImpl(const LayerNormOptions &options)
    : options(options) {
  if (options.elementwise_affine()) {
    weight = register_parameter("weight", ones(options.normalized_shape()));
    bias = register_parameter("bias", zeros(options.normalized_shape()));
  }
}

Tensor LayerNormImpl::forward(const Tensor &input, SourceLocation where) {
  return kiln::layer_norm(input, options.normalized_shape(), weight, bias,
                          options.eps(), where);
}

BatchNormImplBase::BatchNormImplBase(const BatchNormOptions &options,
                                     int64_t spatialDims)
    : options(options), spatialDims(spatialDims) {
  int64_t features = options.num_features();
  if (options.affine()) {
    weight = register_parameter("weight", ones({features}));
    bias = register_parameter("bias", zeros({features}));
  }
  if (options.track_running_stats()) {
    running_mean = register_buffer("running_mean", zeros({features}));
    running_var = register_buffer("running_var", ones({features}));
    num_batches_tracked =
        register_buffer("num_batches_tracked", zeros({}, kInt64));
  }
}

void BatchNormImplBase::reset_running_stats(SourceLocation where) {
  if (!options.track_running_stats())
    return;
  running_mean.zero_(where);
  running_var.fill_(1, where);
  num_batches_tracked.zero_(where);
}

Tensor BatchNormImplBase::forward(const Tensor &input, SourceLocation where) {
  where = callSite(where);
  std::string op = "kiln.BatchNorm" + std::to_string(spatialDims) + "d";
  int64_t rank = input.dim(where);
  bool accepted =
      spatialDims == 1 ? rank == 2 || rank == 3 : rank == spatialDims + 2;
  if (!accepted)
    fail(op.c_str(),
         "expects an input " +
             std::string(spatialDims == 1 ? "[N, C] or [N, C, L]"
                                          : "[N, C, H, W]") +
             ", got " + shapeText(input.sizes(where)),
         where);
  bool tracking = options.track_running_stats();
  double momentum = options.momentum().value_or(0);
  if (is_training() && tracking) {
    {
      NoGradGuard noGrad;
      num_batches_tracked.add_(1, where);
    }
    // Without a momentum, every batch seen so far weighs the same.
    if (!options.momentum())
      momentum = 1.0 / num_batches_tracked.item<double>(where);
  }
  return kiln::batch_norm(input, weight, bias, running_mean, running_var,
                          is_training() || !tracking, momentum, options.eps(),
                          where);
}

} // namespace nn
} // namespace kiln
