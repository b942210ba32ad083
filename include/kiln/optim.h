//===- optim.h - optimizers -------------------------------------*- C++ -*-===//

#ifndef KILN_OPTIM_H
#define KILN_OPTIM_H

#include "kiln/Tensor.h"

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

} // namespace kiln::optim

#endif // KILN_OPTIM_H
