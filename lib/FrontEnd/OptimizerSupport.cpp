//===- OptimizerSupport.cpp - what the optimizers share -------------------===//

#include "OptimizerSupport.h"
#include "Trace.h"

#include "kiln/Functions.h"

#include <cctype>
#include <cmath>

namespace kiln::detail {

namespace {

std::string stateName(size_t index, const char *name) {
  return "state." + std::to_string(index) + "." + name;
}

std::string groupName(const char *name) {
  return std::string("param_groups.0.") + name;
}

/// A computed 0-d tensor holding `value`.
Tensor scalarTensor(double value, Dtype dtype) { return tensor(value, dtype); }

} // namespace

void clearGradients(std::vector<Tensor> &params) {
  for (Tensor &p : params)
    p.mutable_grad() = Tensor();
}

StateWriter &StateWriter::buffer(size_t index, const char *name,
                                 const Tensor &value) {
  if (value.defined())
    entries.emplace_back(stateName(index, name), value);
  return *this;
}

StateWriter &StateWriter::step(size_t index, int64_t count) {
  if (count > 0)
    entries.emplace_back(stateName(index, "step"),
                         scalarTensor(static_cast<double>(count), kFloat64));
  return *this;
}

StateWriter &StateWriter::hyper(const char *name, double value) {
  entries.emplace_back(groupName(name), scalarTensor(value, kFloat64));
  return *this;
}

StateWriter &StateWriter::hyper(const char *name,
                                const std::vector<double> &values) {
  entries.emplace_back(groupName(name),
                       from_blob(values.data(),
                                 {static_cast<int64_t>(values.size())},
                                 kFloat64));
  return *this;
}

StateWriter &StateWriter::flag(const char *name, bool value) {
  entries.emplace_back(groupName(name), scalarTensor(value ? 1 : 0, kBool));
  return *this;
}

StateReader::StateReader(const StateDict &state,
                         const std::vector<Tensor> &params, const char *op,
                         SourceLocation where)
    : params(params), op(op), where(where) {
  for (const auto &[name, tensor] : state) {
    if (!tensor.defined())
      fail(name + " is an undefined tensor");
    if (!entries.emplace(name, tensor).second)
      fail(name + " appears twice");
    // state.<index>.<buffer>: the index must name one of the parameters.
    if (name.rfind("state.", 0) != 0)
      continue;
    size_t dot = name.find('.', 6);
    size_t index = 0;
    bool digits = dot != std::string::npos && dot > 6 && dot - 6 <= 9;
    for (size_t i = 6; digits && i < dot; ++i)
      digits = std::isdigit(static_cast<unsigned char>(name[i]));
    if (digits)
      index = std::stoull(name.substr(6, dot - 6));
    if (!digits || index >= params.size())
      fail(name + " names no parameter: the optimizer has " +
           std::to_string(params.size()));
    withState.insert(index);
  }
}

void StateReader::fail(const std::string &message) const {
  detail::fail(op, "load_state_dict: " + message, where);
}

const Tensor &StateReader::take(const std::string &name) {
  auto found = entries.find(name);
  if (found == entries.end())
    fail("the state has no " + name);
  read.insert(name);
  return found->second;
}

double StateReader::hyper(const char *name) {
  const Tensor &value = take(groupName(name));
  if (value.numel() != 1)
    fail(groupName(name) + " should hold one value, not " +
         std::to_string(value.numel()));
  return value.item<double>();
}

std::vector<double> StateReader::hyper(const char *name, size_t count) {
  const Tensor &value = take(groupName(name));
  if (value.numel() != static_cast<int64_t>(count))
    fail(groupName(name) + " should hold " + std::to_string(count) +
         " values, not " + std::to_string(value.numel()));
  return value.to_vector<double>();
}

bool StateReader::flag(const char *name) { return hyper(name) != 0; }

bool StateReader::has(size_t index) const { return withState.count(index); }

Tensor StateReader::buffer(size_t index, const char *name) {
  if (!has(index))
    return Tensor();
  std::string full = stateName(index, name);
  Tensor value = take(full);
  const Tensor &param = params[index];
  if (value.sizes() != param.sizes())
    fail(full + " has shape " + shapeText(value.sizes()) + ", its parameter " +
         shapeText(param.sizes()));
  // Converted only when needed: a cast would be one more op in the next
  // training step's program.
  if (value.dtype() != param.dtype())
    value = value.to(param.dtype(), where);
  if (!(value.device() == param.device()))
    value = value.to(param.device(), where);
  return value;
}

int64_t StateReader::step(size_t index) {
  if (!has(index))
    return 0;
  std::string full = stateName(index, "step");
  const Tensor &value = take(full);
  double count = value.numel() == 1 ? value.item<double>() : -1;
  if (!(count >= 1) || count != std::floor(count))
    fail(full + " should be one positive whole number");
  return static_cast<int64_t>(count);
}

void StateReader::finish() {
  for (const auto &[name, tensor] : entries)
    if (!read.count(name))
      fail(name + " is not part of this optimizer's state");
}

} // namespace kiln::detail
