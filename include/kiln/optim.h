//===- optim.h - optimizers -------------------------------------*- C++ -*-===//

#ifndef KILN_OPTIM_H
#define KILN_OPTIM_H

#include "kiln/Tensor.h"
#include "kiln/optim/Schedulers.h"

#include <string>
#include <utility>
#include <vector>

namespace kiln::optim {

/// An optimizer's state as a list of named tensors, PyTorch's state_dict()
/// flattened: `state.<i>.<buffer>` for the i-th parameter's buffers
/// (`momentum_buffer`, `exp_avg`, `exp_avg_sq`, `square_avg`, `grad_avg`)
/// and its step count (`state.<i>.step`), `param_groups.0.<name>` for the
/// learning rate and the hyper-parameters. Scalars are 0-d tensors (float64,
/// bool for flags), so the list can be saved as any list of tensors.
/// Parameters that have not taken a step have no `state.<i>` entries.
using StateDict = std::vector<std::pair<std::string, Tensor>>;

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
  /// The momentum buffers and hyper-parameters (see StateDict).
  StateDict state_dict() const;
  /// Restores what state_dict() returned, for the same parameters: buffers
  /// must have their parameter's shape (they take its dtype and device),
  /// and an unknown or missing name is a kiln::Error. On error nothing
  /// changes.
  void load_state_dict(const StateDict &state, KILN_HERE);

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
  /// The moments, step counts and hyper-parameters (see StateDict).
  StateDict state_dict() const;
  /// Restores what state_dict() returned, checked as SGD::load_state_dict.
  void load_state_dict(const StateDict &state, KILN_HERE);

private:
  std::vector<Tensor> params, firstMoment, secondMoment;
  AdamOptions settings;
  bool decoupledDecay;
  /// Per parameter, as PyTorch: one without a gradient takes no step.
  std::vector<int64_t> steps;
};

/// AdamW: Adam with decoupled weight decay (default 0.01, as PyTorch's).
class AdamW : public Adam {
public:
  AdamW(std::vector<Tensor> parameters,
        AdamOptions options = AdamOptions().weight_decay(0.01))
      : Adam(std::move(parameters), options, /*decoupled=*/true) {}
};

/// Options of RMSprop: RMSpropOptions(0.01).alpha(0.99).centered(true).
class RMSpropOptions {
public:
  RMSpropOptions(double lr = 0.01) : learningRate(lr) {}
  RMSpropOptions &lr(double value) { return set(learningRate, value); }
  RMSpropOptions &alpha(double value) { return set(smoothing, value); }
  RMSpropOptions &eps(double value) { return set(epsilon, value); }
  RMSpropOptions &weight_decay(double value) { return set(decay, value); }
  RMSpropOptions &momentum(double value) { return set(momentumValue, value); }
  RMSpropOptions &centered(bool value) {
    isCentered = value;
    return *this;
  }
  double lr() const { return learningRate; }
  double alpha() const { return smoothing; }
  double eps() const { return epsilon; }
  double weight_decay() const { return decay; }
  double momentum() const { return momentumValue; }
  bool centered() const { return isCentered; }

private:
  RMSpropOptions &set(double &field, double value) {
    field = value;
    return *this;
  }
  double learningRate, smoothing = 0.99, epsilon = 1e-8, decay = 0,
                       momentumValue = 0;
  bool isCentered = false;
};

/// RMSprop as torch::optim::RMSprop: a running average of squared gradients
/// (`square_avg`) divides the gradient; `centered` subtracts the square of
/// the running average gradient (`grad_avg`) from it, and `momentum` keeps a
/// buffer of the divided gradients (`momentum_buffer`). The learning rate
/// and the hyper-parameters' values are run-time arguments; turning weight
/// decay, momentum or centering on or off changes the program.
class RMSprop {
public:
  RMSprop(std::vector<Tensor> parameters, RMSpropOptions options = {});
  void zero_grad();
  void step(KILN_HERE);
  RMSpropOptions &options() { return settings; }
  /// The averages, buffers, step counts and hyper-parameters (StateDict).
  StateDict state_dict() const;
  /// Restores what state_dict() returned, checked as SGD::load_state_dict.
  void load_state_dict(const StateDict &state, KILN_HERE);

private:
  std::vector<Tensor> params, squareAverage, gradientAverage, velocity;
  RMSpropOptions settings;
  std::vector<int64_t> steps;
};

} // namespace kiln::optim

#endif // KILN_OPTIM_H
