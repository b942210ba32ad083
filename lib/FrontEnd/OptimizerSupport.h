//===- OptimizerSupport.h - what the optimizers share -----------*- C++ -*-===//
//
// Clearing gradients, and writing and reading optim::StateDict (PyTorch's
// optimizer state_dict() flattened into named tensors).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_FRONTEND_OPTIMIZERSUPPORT_H
#define KILN_LIB_FRONTEND_OPTIMIZERSUPPORT_H

#include "kiln/optim.h"

#include <map>
#include <set>

namespace kiln::detail {

using optim::StateDict;

/// Gradients to undefined, as PyTorch's zero_grad(set_to_none=True).
void clearGradients(std::vector<Tensor> &params);

/// Builds a StateDict: the per-parameter entries, then the hyper-parameters.
class StateWriter {
public:
  /// `state.<index>.<name>`, when `value` is defined.
  StateWriter &buffer(size_t index, const char *name, const Tensor &value);
  /// `state.<index>.step`, when the parameter has taken a step.
  StateWriter &step(size_t index, int64_t count);
  /// `param_groups.0.<name>` as a 0-d float64 tensor.
  StateWriter &hyper(const char *name, double value);
  /// `param_groups.0.<name>` as a 1-d float64 tensor (Adam's betas).
  StateWriter &hyper(const char *name, const std::vector<double> &values);
  /// `param_groups.0.<name>` as a 0-d bool tensor.
  StateWriter &flag(const char *name, bool value);
  StateDict take() { return std::move(entries); }

private:
  StateDict entries;
};

/// Reads a StateDict for the optimizer `op` of `params`, throwing kiln::Error
/// at `where` for a malformed one. Every entry must be read: finish() names
/// the first one that was not.
class StateReader {
public:
  StateReader(const StateDict &state, const std::vector<Tensor> &params,
              const char *op, SourceLocation where);

  double hyper(const char *name);
  std::vector<double> hyper(const char *name, size_t count);
  bool flag(const char *name);
  /// Whether the state has entries for parameter `index`.
  bool has(size_t index) const;
  /// Parameter `index`'s buffer `name` in the parameter's dtype and on its
  /// device; required, of the parameter's shape, when has(index), else
  /// undefined.
  Tensor buffer(size_t index, const char *name);
  /// Parameter `index`'s step count; required when has(index), else 0.
  int64_t step(size_t index);
  void finish();

private:
  /// The entry `name`, marked read; throws when it is missing.
  const Tensor &take(const std::string &name);
  [[noreturn]] void fail(const std::string &message) const;

  std::map<std::string, Tensor> entries;
  std::set<std::string> read;
  std::set<size_t> withState;
  const std::vector<Tensor> &params;
  const char *op;
  SourceLocation where;
};

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_OPTIMIZERSUPPORT_H
