//===- Containers.cpp - what Sequential and ModuleList share --------------===//

#include "Trace.h"

#include "kiln/nn.h"

namespace kiln {

using detail::fail;

namespace detail {

std::shared_ptr<nn::Module> ModuleSequence::ptr(size_t index,
                                                SourceLocation where) const {
  if (index >= modules.size())
    fail(op,
         "index " + std::to_string(index) + " is out of range for " +
             std::to_string(modules.size()) + " modules",
         callSite(where));
  return modules[index];
}

std::shared_ptr<nn::Module> ModuleSequence::operator[](size_t index) const {
  return ptr(index, callSite(SourceLocation()));
}

void ModuleSequence::wrongType(size_t index, SourceLocation where) const {
  fail(op, "module " + std::to_string(index) + " is not of the requested type",
       callSite(where));
}

void ModuleSequence::append(std::shared_ptr<nn::Module> module) {
  register_module(std::to_string(modules.size()), module);
  modules.push_back(std::move(module));
}

} // namespace detail

namespace nn {

Tensor SequentialImpl::forward(const Tensor &input, SourceLocation where) {
  CallSite site(where);
  Tensor output = input;
  for (const auto &layer : layers)
    output = layer(output);
  return output;
}

} // namespace nn
} // namespace kiln
