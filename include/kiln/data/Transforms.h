//===- Transforms.h - transforms of examples and batches --------*- C++ -*-===//
//
// As torch::data::transforms: a BatchTransform maps a batch to a batch, a
// Transform maps each example of a batch, a Collation (Stack) makes one
// batched example of a vector of examples. Transforms run on the data
// loader's threads; the tensors kiln's make are host copies (see Host.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DATA_TRANSFORMS_H
#define KILN_DATA_TRANSFORMS_H

#include "kiln/data/Example.h"
#include "kiln/data/Host.h"

#include <functional>
#include <utility>
#include <vector>

namespace kiln::data::transforms {

/// Maps a whole batch.
template <typename InputBatch, typename OutputBatch> class BatchTransform {
public:
  using InputBatchType = InputBatch;
  using OutputBatchType = OutputBatch;

  virtual ~BatchTransform() = default;
  virtual OutputBatch apply_batch(InputBatch inputBatch) = 0;
};

/// Maps each example of a batch.
template <typename Input, typename Output>
class Transform
    : public BatchTransform<std::vector<Input>, std::vector<Output>> {
public:
  using InputType = Input;
  using OutputType = Output;

  virtual Output apply(Input input) = 0;

  std::vector<Output> apply_batch(std::vector<Input> inputBatch) override {
    std::vector<Output> outputs;
    outputs.reserve(inputBatch.size());
    for (Input &input : inputBatch)
      outputs.push_back(apply(std::move(input)));
    return outputs;
  }
};

/// A Transform given as a function of one example.
template <typename Input, typename Output = Input>
class Lambda : public Transform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>;

  explicit Lambda(FunctionType function) : function(std::move(function)) {}
  Output apply(Input input) override { return function(std::move(input)); }

private:
  FunctionType function;
};

/// A BatchTransform given as a function of a batch.
template <typename Input, typename Output = Input>
class BatchLambda : public BatchTransform<Input, Output> {
public:
  using FunctionType = std::function<Output(Input)>;

  explicit BatchLambda(FunctionType function) : function(std::move(function)) {}
  Output apply_batch(Input input) override {
    return function(std::move(input));
  }

private:
  FunctionType function;
};

/// Maps the data tensor of each example, keeping its target.
template <typename Target = Tensor>
class TensorTransform
    : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
public:
  using E = Example<Tensor, Target>;

  virtual Tensor operator()(Tensor input) = 0;

  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

/// (data - mean) / stddev for each example's data, with one mean and
/// standard deviation, or one per channel (the third dimension from the
/// end), as torch::data::transforms::Normalize. Computed on the host:
/// floating point data keeps its dtype, other data becomes float32.
template <typename Target = Tensor>
class Normalize : public TensorTransform<Target> {
public:
  Normalize(double mean, double stddev, KILN_HERE)
      : Normalize(std::vector<double>{mean}, std::vector<double>{stddev},
                  where) {}
  /// Per channel; throws kiln::Error unless the lists have one length and
  /// no standard deviation is zero.
  Normalize(std::vector<double> mean, std::vector<double> stddev, KILN_HERE)
      : means(std::move(mean)), deviations(std::move(stddev)), created(where) {
    detail::checkNormalization(means, deviations, created);
  }

  Tensor operator()(Tensor input) override {
    return detail::normalizeOnHost(input, means, deviations, created);
  }

private:
  std::vector<double> means, deviations;
  SourceLocation created;
};

/// Makes one batch of a vector of examples.
template <typename BatchType, typename T = std::vector<BatchType>>
using Collation = BatchTransform<T, BatchType>;

/// Stacks the examples' data, and targets, along a new first dimension into
/// one Example, as torch::data::transforms::Stack. The batch's tensors are
/// new host copies; examples of different shapes are a kiln::Error.
template <typename ExampleType = Example<>> class Stack;

template <> class Stack<Example<>> : public Collation<Example<>> {
public:
  explicit Stack(KILN_HERE) : created(where) {}
  Example<> apply_batch(std::vector<Example<>> examples) override {
    std::vector<Tensor> data, targets;
    for (Example<> &example : examples) {
      data.push_back(std::move(example.data));
      targets.push_back(std::move(example.target));
    }
    return {detail::stackOnHost(data, kOp, created),
            detail::stackOnHost(targets, kOp, created)};
  }

private:
  static constexpr const char *kOp = "kiln.data.transforms.Stack";
  SourceLocation created;
};

template <> class Stack<TensorExample> : public Collation<TensorExample> {
public:
  explicit Stack(KILN_HERE) : created(where) {}
  TensorExample apply_batch(std::vector<TensorExample> examples) override {
    std::vector<Tensor> data;
    for (TensorExample &example : examples)
      data.push_back(std::move(example.data));
    return detail::stackOnHost(data, kOp, created);
  }

private:
  static constexpr const char *kOp = "kiln.data.transforms.Stack";
  SourceLocation created;
};

} // namespace kiln::data::transforms

#endif // KILN_DATA_TRANSFORMS_H
