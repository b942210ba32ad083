//===- nn/Containers.h - Sequential and ModuleList --------------*- C++ -*-===//
//
// Both keep their children in order, registered as "0", "1", ... as
// PyTorch's containers are, so parameter names match PyTorch's state_dict.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_CONTAINERS_H
#define KILN_NN_CONTAINERS_H

#include "kiln/nn.h"

#include <concepts>
#include <functional>

namespace kiln::nn {

/// A module Sequential can chain: `forward(const Tensor &)` gives a Tensor.
template <typename M>
concept TensorToTensorModule = std::derived_from<M, Module> &&
    requires(M &module, const Tensor &input) {
  { module.forward(input) } -> std::convertible_to<Tensor>;
};

} // namespace kiln::nn

namespace kiln::detail {
/// What Sequential and ModuleList share: children in order, named by their
/// position, and access to them.
class ModuleSequence : public nn::Module {
public:
  size_t size() const { return modules.size(); }
  bool is_empty() const { return modules.empty(); }
  /// The module at `index`; past the end is a kiln::Error.
  std::shared_ptr<nn::Module> ptr(size_t index, KILN_HERE) const;
  /// The module at `index` as its Impl class `T`; a kiln::Error if it is
  /// not one.
  template <typename T> T &at(size_t index, KILN_HERE) const {
    auto module = std::dynamic_pointer_cast<T>(ptr(index, where));
    if (!module)
      wrongType(index, where);
    return *module;
  }
  /// ptr(index); an error names the enclosing CallSite, as operators do.
  std::shared_ptr<nn::Module> operator[](size_t index) const;
  auto begin() const { return modules.begin(); }
  auto end() const { return modules.end(); }

protected:
  /// `op` names the container in errors ("kiln.nn.Sequential").
  explicit ModuleSequence(const char *op) : op(op) {}
  /// Registers `module` as the child named by its position.
  void append(std::shared_ptr<nn::Module> module);

private:
  [[noreturn]] void wrongType(size_t index, SourceLocation where) const;

  const char *op;
  std::vector<std::shared_ptr<nn::Module>> modules;
};
} // namespace kiln::detail

namespace kiln::nn {

/// Modules applied one after the other:
/// `nn::Sequential seq(nn::Linear(784, 128), nn::ReLU(), nn::Linear(128, 10))`.
/// It holds any module with `Tensor forward(const Tensor &)`, whatever its
/// class. An empty Sequential returns its input.
class SequentialImpl : public detail::ModuleSequence {
public:
  SequentialImpl() : ModuleSequence("kiln.nn.Sequential") {}
  /// The given modules (holders or shared pointers), in order.
  template <typename... Modules>
  explicit SequentialImpl(Modules &&...modules) : SequentialImpl() {
    (push_back(std::forward<Modules>(modules)), ...);
  }

  /// Appends `module` (a shared pointer or a holder), named by its
  /// position.
  template <TensorToTensorModule M> void push_back(std::shared_ptr<M> module) {
    layers.push_back(
        [module](const Tensor &input) { return module->forward(input); });
    append(std::move(module));
  }
  template <TensorToTensorModule M>
  void push_back(const ModuleHolder<M> &module) {
    push_back(module.ptr());
  }

  /// Runs the modules in order; their errors name the caller's line.
  Tensor forward(const Tensor &input, KILN_HERE);

private:
  std::vector<std::function<Tensor(const Tensor &)>> layers;
};
using Sequential = ModuleHolder<SequentialImpl>;

/// Modules kept in a list, whatever their forward: `list->push_back(m)`,
/// `list->size()`, `list[i]`, `for (auto &module : *list)`.
class ModuleListImpl : public detail::ModuleSequence {
public:
  ModuleListImpl() : ModuleSequence("kiln.nn.ModuleList") {}
  /// The given modules (holders or shared pointers), in order.
  template <typename... Modules>
  explicit ModuleListImpl(Modules &&...modules) : ModuleListImpl() {
    (push_back(std::forward<Modules>(modules)), ...);
  }

  /// Appends `module` (a shared pointer or a holder), named by its
  /// position.
  template <std::derived_from<Module> M>
  void push_back(std::shared_ptr<M> module) {
    append(std::move(module));
  }
  template <std::derived_from<Module> M>
  void push_back(const ModuleHolder<M> &module) {
    push_back(module.ptr());
  }
};
using ModuleList = ModuleHolder<ModuleListImpl>;

} // namespace kiln::nn

#endif // KILN_NN_CONTAINERS_H
