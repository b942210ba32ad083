//===- Module.cpp - nn::Module and nn::Linear -----------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

#include <cmath>
#include <map>
#include <set>

namespace kiln::nn {

namespace {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

/// `own` followed, when `recurse`, by what `of` gives for each child, named
/// `child.name`.
NamedTensors
withChildren(const NamedTensors &own,
             const std::vector<std::pair<std::string, std::shared_ptr<Module>>>
                 &children,
             bool recurse, NamedTensors (Module::*of)(bool) const) {
  NamedTensors result = own;
  if (recurse)
    for (const auto &[prefix, child] : children)
      for (auto &[name, tensor] : ((*child).*of)(true))
        result.emplace_back(prefix + "." + name, tensor);
  return result;
}

} // namespace

NamedTensors Module::named_parameters(bool recurse) const {
  return withChildren(params, children, recurse, &Module::named_parameters);
}

NamedTensors Module::named_buffers(bool recurse) const {
  return withChildren(buffersByName, children, recurse,
                      &Module::named_buffers);
}

std::vector<Tensor> Module::buffers(bool recurse) const {
  std::vector<Tensor> result;
  for (auto &[name, tensor] : named_buffers(recurse))
    result.push_back(tensor);
  return result;
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  std::vector<Tensor> result;
  for (auto &[name, tensor] : named_parameters(recurse))
    result.push_back(tensor);
  return result;
}

std::vector<std::pair<std::string, Tensor>> Module::state_dict() const {
  // PyTorch's order: each module's parameters, its buffers, then its
  // children's entries.
  std::vector<std::pair<std::string, Tensor>> result = params;
  result.insert(result.end(), buffersByName.begin(), buffersByName.end());
  for (const auto &[prefix, child] : children)
    for (auto &[name, tensor] : child->state_dict())
      result.emplace_back(prefix + "." + name, tensor);
  return result;
}

void Module::load_state_dict(
    const std::vector<std::pair<std::string, Tensor>> &dict, bool strict,
    SourceLocation where) {
  std::map<std::string, Tensor> given;
  std::vector<std::string> repeated, missing, unexpected, mismatched;
  for (const auto &[name, value] : dict)
    if (!given.emplace(name, value).second)
      repeated.push_back(name);
  std::vector<std::pair<std::string, Tensor>> own = state_dict();
  std::set<std::string> ownNames;
  for (const auto &[name, target] : own) {
    ownNames.insert(name);
    auto found = given.find(name);
    if (found == given.end()) {
      missing.push_back(name);
      continue;
    }
    const Tensor &value = found->second;
    auto describe = [](const Tensor &tensor) {
      return std::string(toString(tensor.dtype())) + " " +
             detail::shapeText(tensor.sizes());
    };
    if (!value.defined())
      mismatched.push_back(name + " (undefined)");
    else if (value.sizes() != target.sizes() || value.dtype() != target.dtype())
      mismatched.push_back(name + " (" + describe(value) + " given, " +
                           describe(target) + " expected)");
  }
  for (const auto &[name, value] : dict)
    if (!ownNames.count(name))
      unexpected.push_back(name);

  // Checked in full before anything is copied: a failed load changes nothing.
  std::string problems;
  auto report = [&](const char *what, const std::vector<std::string> &names) {
    if (names.empty())
      return;
    problems += problems.empty() ? "" : "; ";
    problems += what;
    for (size_t i = 0; i < names.size(); ++i)
      problems += (i ? ", " : "") + names[i];
  };
  report("keys given twice: ", repeated);
  if (strict) {
    report("missing keys: ", missing);
    report("unexpected keys: ", unexpected);
  }
  report("mismatched values: ", mismatched);
  if (!problems.empty())
    detail::fail("kiln.load_state_dict", problems, where);

  NoGradGuard noGrad;
  std::vector<detail::NodePtr> copies;
  for (auto &[name, target] : own) {
    auto found = given.find(name);
    if (found == given.end())
      continue;
    Tensor value = found->second;
    if (value.device() != target.device())
      value = value.to(target.device(), where);
    target.copy_(value, where);
    copies.push_back(detail::currentNode(target.unsafeImpl()));
  }
  // A parameter's copy is pending; computed now, in one program, the copies
  // stay out of the next graph, whose key they would change.
  detail::compute(copies, where);
}

void Module::train(bool on) {
  training = on;
  for (auto &[name, child] : children)
    child->train(on);
}

void Module::to(Device device, SourceLocation where) {
  for (auto &[name, parameter] : named_parameters())
    detail::moveTo(parameter, device, where);
  for (auto &[name, buffer] : named_buffers())
    detail::moveTo(buffer, device, where);
}

Tensor &Module::register_buffer(std::string name, Tensor tensor) {
  buffersByName.emplace_back(std::move(name), std::move(tensor));
  return buffersByName.back().second;
}

Tensor &Module::register_parameter(std::string name, Tensor tensor,
                                   bool requiresGrad) {
  if (requiresGrad)
    tensor.requires_grad_();
  params.emplace_back(std::move(name), std::move(tensor));
  return params.back().second;
}

namespace {

/// PyTorch's default initialization of Linear and Conv2d:
/// kaiming_uniform(a = sqrt(5)) for the weight, which is uniform in
/// +-1/sqrt(fan_in), and the same bound for the bias (when there is one).
void initializeLikePyTorch(Tensor &weight, Tensor &bias) {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (!bias.defined())
    return;
  int64_t fanIn = std::get<0>(init::_calculate_fan_in_and_fan_out(weight));
  double bound = fanIn > 0 ? 1 / std::sqrt(static_cast<double>(fanIn)) : 0;
  init::uniform_(bias, -bound, bound);
}

} // namespace

LinearImpl::LinearImpl(const LinearOptions &options) : options(options) {
  weight = register_parameter("weight",
                              empty({options.outFeatures, options.inFeatures}));
  if (options.withBias)
    bias = register_parameter("bias", empty({options.outFeatures}));
  initializeLikePyTorch(weight, bias);
}

Conv2dImpl::Conv2dImpl(const Conv2dOptions &options) : options(options) {
  if (options.groupCount <= 0 || options.inChannels <= 0 ||
      options.outChannels <= 0 || options.inChannels % options.groupCount ||
      options.outChannels % options.groupCount)
    throw Error("nn::Conv2d: " + std::to_string(options.inChannels) +
                " input and " + std::to_string(options.outChannels) +
                " output channels must be positive multiples of groups = " +
                std::to_string(options.groupCount));
  weight = register_parameter(
      "weight", empty({options.outChannels,
                       options.inChannels / options.groupCount,
                       options.kernelSize[0], options.kernelSize[1]}));
  if (options.withBias)
    bias = register_parameter("bias", empty({options.outChannels}));
  initializeLikePyTorch(weight, bias);
}

Tensor Conv2dImpl::forward(const Tensor &input) {
  return conv2d(input, weight, bias, options.strides, options.paddings,
                options.dilations, options.groupCount);
}

Tensor LinearImpl::forward(const Tensor &input) {
  return functional::linear(input, weight, bias);
}

} // namespace kiln::nn
