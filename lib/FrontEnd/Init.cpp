//===- Init.cpp - nn::init ------------------------------------------------===//

#include "NNChecks.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

#include <cmath>

namespace kiln::nn::init {

using detail::callSite;
using detail::fail;

namespace {
/// The fan that Kaiming initialization scales by.
double fanFor(const Tensor &tensor, FanMode mode, SourceLocation where) {
  auto [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor, where);
  return static_cast<double>(mode == kFanIn ? fanIn : fanOut);
}
} // namespace

double calculate_gain(Nonlinearity nonlinearity, double param) {
  switch (nonlinearity) {
  case Nonlinearity::Linear:
  case Nonlinearity::Conv1D:
  case Nonlinearity::Conv2D:
  case Nonlinearity::Conv3D:
  case Nonlinearity::ConvTranspose1D:
  case Nonlinearity::ConvTranspose2D:
  case Nonlinearity::ConvTranspose3D:
  case Nonlinearity::Sigmoid:
    return 1;
  case Nonlinearity::Tanh:
    return 5.0 / 3;
  case Nonlinearity::ReLU:
    return std::sqrt(2.0);
  case Nonlinearity::LeakyReLU:
    return std::sqrt(2 / (1 + param * param));
  case Nonlinearity::SELU:
    return 3.0 / 4;
  }
  return 1;
}

std::tuple<int64_t, int64_t>
_calculate_fan_in_and_fan_out(const Tensor &tensor, SourceLocation where) {
  where = callSite(where);
  std::vector<int64_t> shape = tensor.sizes(where);
  if (shape.size() < 2)
    fail("kiln.nn.init",
         "fan in and fan out can not be computed for a tensor with fewer "
         "than 2 dimensions, got " +
             detail::shapeText(shape),
         where);
  int64_t receptiveField = 1;
  for (size_t d = 2; d < shape.size(); ++d)
    receptiveField *= shape[d];
  return {shape[1] * receptiveField, shape[0] * receptiveField};
}

Tensor uniform_(Tensor tensor, double low, double high, SourceLocation where) {
  where = callSite(where);
  detail::requireFloat(tensor, "kiln.nn.init.uniform_", where);
  if (!(low <= high))
    fail("kiln.nn.init.uniform_",
         "expects low <= high, got low=" + std::to_string(low) +
             " and high=" + std::to_string(high),
         where);
  NoGradGuard noGrad;
  CallSite site(where);
  Tensor values =
      rand(tensor.sizes(where),
           detail::onDeviceOf(tensor, tensor.dtype(where), where), where);
  tensor.copy_(values * (high - low) + low, where);
  return tensor;
}

Tensor normal_(Tensor tensor, double mean, double std, SourceLocation where) {
  where = callSite(where);
  detail::requireFloat(tensor, "kiln.nn.init.normal_", where);
  if (!(std >= 0))
    fail("kiln.nn.init.normal_", "expects std >= 0, got " + std::to_string(std),
         where);
  NoGradGuard noGrad;
  CallSite site(where);
  Tensor values =
      randn(tensor.sizes(where),
            detail::onDeviceOf(tensor, tensor.dtype(where), where), where);
  tensor.copy_(values * std + mean, where);
  return tensor;
}

Tensor constant_(Tensor tensor, Scalar value, SourceLocation where) {
  NoGradGuard noGrad;
  tensor.fill_(value, callSite(where));
  return tensor;
}

Tensor ones_(Tensor tensor, SourceLocation where) {
  return constant_(std::move(tensor), 1, where);
}

Tensor zeros_(Tensor tensor, SourceLocation where) {
  return constant_(std::move(tensor), 0, where);
}

Tensor xavier_uniform_(Tensor tensor, double gain, SourceLocation where) {
  where = callSite(where);
  auto [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor, where);
  double std = gain * std::sqrt(2.0 / static_cast<double>(fanIn + fanOut));
  double bound = std::sqrt(3.0) * std;
  return uniform_(std::move(tensor), -bound, bound, where);
}

Tensor xavier_normal_(Tensor tensor, double gain, SourceLocation where) {
  where = callSite(where);
  auto [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor, where);
  double std = gain * std::sqrt(2.0 / static_cast<double>(fanIn + fanOut));
  return normal_(std::move(tensor), 0, std, where);
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanMode mode,
                        Nonlinearity nonlinearity, SourceLocation where) {
  where = callSite(where);
  double std =
      calculate_gain(nonlinearity, a) / std::sqrt(fanFor(tensor, mode, where));
  double bound = std::sqrt(3.0) * std;
  return uniform_(std::move(tensor), -bound, bound, where);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanMode mode,
                       Nonlinearity nonlinearity, SourceLocation where) {
  where = callSite(where);
  double std =
      calculate_gain(nonlinearity, a) / std::sqrt(fanFor(tensor, mode, where));
  return normal_(std::move(tensor), 0, std, where);
}

} // namespace kiln::nn::init
