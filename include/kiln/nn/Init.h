//===- nn/Init.h - nn::init: filling parameters in place --------*- C++ -*-===//
//
// As torch::nn::init: each function fills the given tensor in place under a
// NoGradGuard (the tensor object is kept, so modules and optimizers holding
// it see the new values) and returns it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_INIT_H
#define KILN_NN_INIT_H

#include "kiln/nn.h"

#include <tuple>

namespace kiln {

/// Which fan Kaiming initialization preserves the variance of.
enum class FanMode { FanIn, FanOut };
inline constexpr FanMode kFanIn = FanMode::FanIn, kFanOut = FanMode::FanOut;

/// The nonlinearities nn::init::calculate_gain knows.
enum class Nonlinearity {
  Linear,
  Conv1D,
  Conv2D,
  Conv3D,
  ConvTranspose1D,
  ConvTranspose2D,
  ConvTranspose3D,
  Sigmoid,
  Tanh,
  ReLU,
  LeakyReLU,
  SELU
};
inline constexpr Nonlinearity kLinear = Nonlinearity::Linear,
                              kConv1D = Nonlinearity::Conv1D,
                              kConv2D = Nonlinearity::Conv2D,
                              kConv3D = Nonlinearity::Conv3D,
                              kConvTranspose1D = Nonlinearity::ConvTranspose1D,
                              kConvTranspose2D = Nonlinearity::ConvTranspose2D,
                              kConvTranspose3D = Nonlinearity::ConvTranspose3D,
                              kSigmoid = Nonlinearity::Sigmoid,
                              kTanh = Nonlinearity::Tanh,
                              kReLU = Nonlinearity::ReLU,
                              kLeakyReLU = Nonlinearity::LeakyReLU,
                              kSELU = Nonlinearity::SELU;

namespace nn::init {

/// The recommended gain for `nonlinearity`, as PyTorch's: 1 for linear,
/// convolutions and sigmoid, 5/3 for tanh, sqrt(2) for ReLU,
/// sqrt(2 / (1 + param^2)) for leaky ReLU of negative slope `param`, 3/4
/// for SELU.
double calculate_gain(Nonlinearity nonlinearity, double param = 0.01);

/// (fan_in, fan_out) of a weight of at least 2 dimensions [out, in, ...]:
/// in * receptive field and out * receptive field, where the receptive field
/// is the product of the dimensions after the first two (a convolution's
/// kernel).
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor &tensor,
                                                           KILN_HERE);

/// Values drawn from U(low, high).
Tensor uniform_(Tensor tensor, double low = 0, double high = 1, KILN_HERE);
/// Values drawn from N(mean, std^2).
Tensor normal_(Tensor tensor, double mean = 0, double std = 1, KILN_HERE);
Tensor constant_(Tensor tensor, Scalar value, KILN_HERE);
Tensor ones_(Tensor tensor, KILN_HERE);
Tensor zeros_(Tensor tensor, KILN_HERE);

/// Glorot initialization: U(-a, a) with a = gain * sqrt(6 / (fan_in +
/// fan_out)).
Tensor xavier_uniform_(Tensor tensor, double gain = 1, KILN_HERE);
/// Glorot initialization: N(0, std^2) with std = gain * sqrt(2 / (fan_in +
/// fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1, KILN_HERE);
/// He initialization: U(-b, b) with b = sqrt(3) * gain / sqrt(fan), where
/// gain = calculate_gain(nonlinearity, a) and fan is fan_in or fan_out.
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanMode mode = kFanIn,
                        Nonlinearity nonlinearity = kLeakyReLU, KILN_HERE);
/// He initialization: N(0, std^2) with std = gain / sqrt(fan).
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanMode mode = kFanIn,
                       Nonlinearity nonlinearity = kLeakyReLU, KILN_HERE);

} // namespace nn::init
} // namespace kiln

#endif // KILN_NN_INIT_H
