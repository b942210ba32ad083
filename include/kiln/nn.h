//===- nn.h - modules and functions for neural networks ---------*- C++ -*-===//
//
// The first pieces of kiln::nn, shaped as libtorch's: modules with
// registered parameters and children, module holders (`nn::Linear fc{nullptr}`,
// `fc->forward(x)`), options builders, and nn::functional.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_H
#define KILN_NN_H

#include "kiln/Tensor.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

/// How a loss reduces over the batch, as torch::Reduction.
enum class Reduction { None, Mean, Sum };
inline constexpr Reduction kNone = Reduction::None, kMean = Reduction::Mean,
                           kSum = Reduction::Sum;

namespace nn {

/// The base of all modules: named parameters, child modules, and the
/// training flag.
class Module {
public:
  virtual ~Module() = default;

  /// Parameters of this module and, when `recurse`, of its children.
  std::vector<Tensor> parameters(bool recurse = true) const;
  std::vector<std::pair<std::string, Tensor>>
  named_parameters(bool recurse = true) const;
  /// Buffers (state that is not trained, such as BatchNorm's running
  /// statistics) of this module and, when `recurse`, of its children, named
  /// as `child.name`.
  std::vector<Tensor> buffers(bool recurse = true) const;
  std::vector<std::pair<std::string, Tensor>>
  named_buffers(bool recurse = true) const;
  /// Parameters and buffers, named and ordered as PyTorch's state_dict (each
  /// module's parameters, its buffers, then its children's entries): what
  /// kiln::save writes for a module. The values are the module's own tensors.
  std::vector<std::pair<std::string, Tensor>> state_dict() const;
  /// Copies each value of `dict` into this module's tensor of the same name
  /// in place, on that tensor's device, so optimizers keep the tensors they
  /// hold. Shapes and dtypes must match and, when `strict`, the names must
  /// be exactly state_dict()'s; otherwise nothing is copied and kiln::Error
  /// lists every offending name.
  void load_state_dict(const std::vector<std::pair<std::string, Tensor>> &dict,
                       bool strict = true, KILN_HERE);
  /// The direct children, in registration order.
  std::vector<std::pair<std::string, std::shared_ptr<Module>>>
  named_children() const {
    return children;
  }
  void train(bool on = true);
  void eval() { train(false); }
  /// Moves every parameter (and its gradient) and buffer to `device` in
  /// place: the tensors an optimizer holds follow.
  void to(Device device, KILN_HERE);
  bool is_training() const { return training; }

protected:
  /// Registers `tensor` as a parameter (requiring grad unless told not to).
  Tensor &register_parameter(std::string name, Tensor tensor,
                             bool requiresGrad = true);
  /// Registers `tensor` as a buffer: saved with the module and moved by
  /// to(), never trained.
  Tensor &register_buffer(std::string name, Tensor tensor);
  /// Registers `module` as a child named `name`.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              std::shared_ptr<ModuleType> module) {
    children.emplace_back(std::move(name), module);
    return module;
  }

private:
  std::vector<std::pair<std::string, Tensor>> params, buffersByName;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children;
  bool training = true;
};

/// A tensor argument and the line that passed it: a default argument of an
/// implicit conversion is evaluated where the call is written.
struct TensorAtCallSite {
  TensorAtCallSite(const Tensor &tensor, KILN_HERE)
      : tensor(tensor), where(where) {}
  const Tensor &tensor;
  SourceLocation where;
};

/// A shared pointer to a module, as libtorch's module holders: default
/// constructible to empty with `nullptr`, `->` to reach the module.
template <typename Impl> class ModuleHolder {
public:
  ModuleHolder(std::nullptr_t) {}
  template <typename... Args>
  explicit ModuleHolder(Args &&...args)
      : impl(std::make_shared<Impl>(std::forward<Args>(args)...)) {}

  Impl *operator->() const { return impl.get(); }
  Impl &operator*() const { return *impl; }
  const std::shared_ptr<Impl> &ptr() const { return impl; }
  explicit operator bool() const { return impl != nullptr; }
  /// Calls forward(); errors in it name the caller's line (a CallSite).
  template <typename... Args>
  Tensor operator()(TensorAtCallSite input, Args &&...args) const {
    CallSite site(input.where);
    return impl->forward(input.tensor, std::forward<Args>(args)...);
  }
  /// Indexes a container module: `list[0]`.
  template <typename Index> decltype(auto) operator[](Index &&index) const {
    return (*impl)[std::forward<Index>(index)];
  }

private:
  std::shared_ptr<Impl> impl;
};

struct LinearOptions {
  LinearOptions(int64_t inFeatures, int64_t outFeatures)
      : inFeatures(inFeatures), outFeatures(outFeatures) {}
  LinearOptions &bias(bool value) {
    withBias = value;
    return *this;
  }
  int64_t inFeatures, outFeatures;
  bool withBias = true;
};

/// y = x W^T + b, initialized as PyTorch's nn.Linear (uniform in
/// +-1/sqrt(in_features) for W and b).
class LinearImpl : public Module {
public:
  LinearImpl(int64_t inFeatures, int64_t outFeatures)
      : LinearImpl(LinearOptions(inFeatures, outFeatures)) {}
  explicit LinearImpl(const LinearOptions &options);
  Tensor forward(const Tensor &input);

  LinearOptions options;
  Tensor weight, bias;
};
using Linear = ModuleHolder<LinearImpl>;

namespace functional {
/// input W^T + b.
Tensor linear(const Tensor &input, const Tensor &weight,
              const Tensor &bias = {}, KILN_HERE);
/// The negative log-likelihood of class indices `target` (int64, [N]) under
/// log-probabilities `input` ([N, C]).
Tensor nll_loss(const Tensor &input, const Tensor &target,
                Reduction reduction = kMean, KILN_HERE);
/// log_softmax then nll_loss, over logits `input` ([N, C]).
Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     Reduction reduction = kMean, KILN_HERE);
/// Mean (or sum) of squared differences.
Tensor mse_loss(const Tensor &input, const Tensor &target,
                Reduction reduction = kMean, KILN_HERE);
} // namespace functional

} // namespace nn

/// torch::nll_loss: nn::functional::nll_loss as a free function.
inline Tensor nll_loss(const Tensor &input, const Tensor &target,
                       Reduction reduction = kMean, KILN_HERE) {
  return nn::functional::nll_loss(input, target, reduction, where);
}

} // namespace kiln

// The layers, containers and initializers built on the pieces above.
#include "kiln/nn/Containers.h"
#include "kiln/nn/Conv.h"
#include "kiln/nn/Functional.h"
#include "kiln/nn/Init.h"
#include "kiln/nn/Layers.h"
#include "kiln/nn/Normalization.h"

#endif // KILN_NN_H
