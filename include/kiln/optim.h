//===- optim.h - optimizers -------------------------------------*- C++ -*-===//

#ifndef KILN_OPTIM_H
#define KILN_OPTIM_H

#include "kiln/Tensor.h"

#include <utility>
#include <vector>

namespace kiln::optim {

/// Options of SGD, built as libtorch's: SGDOptions(0.01).momentum(0.9).
class SGDOptions {
public:
  SGDOptions(double lr) : learningRate(lr) {}
  SGDOptions &lr(double value) { return set(learningRate, value); }
  SGDOptions &momentum(double value) { return set(momentumValue, value); }
  SGDOptions &dampening(double value) { return set(dampeningValue, value); }
  SGDOptions &weight_decay(double value) { return set(decay, value); }
  SGDOptions &nesterov(bool value) {
    useNesterov = value;
    return *this;
  }
  double lr() const { return learningRate; }
  double momentum() const { return momentumValue; }
  double dampening() const { return dampeningValue; }
  double weight_decay() const { return decay; }
  bool nesterov() const { return useNesterov; }

private:
  SGDOptions &set(double &field, double value) {
    field = value;
    return *this;
  }
  double learningRate, momentumValue = 0, dampeningValue = 0, decay = 0;
  bool useNesterov = false;
};

/// Stochastic gradient descent with momentum, dampening, Nesterov momentum
/// and weight decay, as torch::optim::SGD. step() is traced like any op and
/// then computes everything pending, so a whole training step is one
/// compiled program; the learning rate is a run-time argument.
class SGD {
public:
  SGD(std::vector<Tensor> parameters, SGDOptions options);
  /// Clears the gradients (to undefined, as PyTorch's set_to_none).
  void zero_grad();
  void step(KILN_HERE);
  SGDOptions &options() { return settings; }

private:
  std::vector<Tensor> params;
  std::vector<Tensor> velocity;
  SGDOptions settings;
};

/// Options of Adam and AdamW: AdamOptions(1e-3).betas({0.9, 0.999}).
class AdamOptions {
public:
  AdamOptions(double lr = 1e-3) : learningRate(lr) {}
  AdamOptions &lr(double value) { return set(learningRate, value); }
  AdamOptions &betas(std::pair<double, double> value) {
    beta1 = value.first;
    beta2 = value.second;
    return *this;
  }
  AdamOptions &eps(double value) { return set(epsilon, value); }
  AdamOptions &weight_decay(double value) { return set(decay, value); }
  double lr() const { return learningRate; }
  std::pair<double, double> betas() const { return {beta1, beta2}; }
  double eps() const { return epsilon; }
  double weight_decay() const { return decay; }

private:
  AdamOptions &set(double &field, double value) {
    field = value;
    return *this;
  }
  double learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, decay = 0;
};

/// Adam (weight decay added to the gradient) and, with `decoupled`, AdamW
/// (weight decay applied to the weights), as torch::optim::Adam/AdamW. The
/// step count's bias corrections are run-time scalars: no recompiles.
class Adam {
public:
  Adam(std::vector<Tensor> parameters, AdamOptions options,
       bool decoupled = false);
  void zero_grad();
  void step(KILN_HERE);
  AdamOptions &options() { return settings; }

private:
  std::vector<Tensor> params, firstMoment, secondMoment;
  AdamOptions settings;
  bool decoupledDecay;
  int64_t steps = 0;
};

/// AdamW: Adam with decoupled weight decay (default 0.01, as PyTorch's).
class AdamW : public Adam {
public:
  AdamW(std::vector<Tensor> parameters,
        AdamOptions options = AdamOptions().weight_decay(0.01))
      : Adam(std::move(parameters), options, /*decoupled=*/true) {}
};

/// Multiplies an optimizer's learning rate by `gamma` every `stepSize`
/// epochs, as torch::optim::StepLR; call step() once per epoch.
template <typename Optimizer> class StepLR {
public:
  StepLR(Optimizer &optimizer, int64_t stepSize, double gamma = 0.1)
      : optimizer(optimizer), stepSize(stepSize), gamma(gamma) {}
  void step() {
    if (++epochs % stepSize == 0)
      optimizer.options().lr(optimizer.options().lr() * gamma);
  }

private:
  Optimizer &optimizer;
  int64_t stepSize, epochs = 0;
  double gamma;
};

} // namespace kiln::optim

#endif // KILN_OPTIM_H
