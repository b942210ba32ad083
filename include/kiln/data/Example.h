//===- Example.h - one example of a data set --------------------*- C++ -*-===//

#ifndef KILN_DATA_EXAMPLE_H
#define KILN_DATA_EXAMPLE_H

#include "kiln/Tensor.h"

#include <utility>

namespace kiln::data {

namespace example {
/// The Target of an Example that has none.
using NoTarget = void;
} // namespace example

/// One example, or a batch of them: data and a target, as
/// torch::data::Example.
template <typename Data = Tensor, typename Target = Tensor> struct Example {
  using DataType = Data;
  using TargetType = Target;

  Example() = default;
  Example(Data data, Target target)
      : data(std::move(data)), target(std::move(target)) {}

  Data data;
  Target target;
};

/// An example without a target.
template <typename Data> struct Example<Data, example::NoTarget> {
  using DataType = Data;
  using TargetType = example::NoTarget;

  Example() = default;
  /* implicit */ Example(Data data) : data(std::move(data)) {}
  operator Data &() { return data; }
  operator const Data &() const { return data; }

  Data data;
};

/// An example that is one tensor, as TensorDataset's.
using TensorExample = Example<Tensor, example::NoTarget>;

} // namespace kiln::data

#endif // KILN_DATA_EXAMPLE_H
