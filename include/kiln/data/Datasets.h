//===- Datasets.h - data sets, as torch::data::datasets ---------*- C++ -*-===//
//
// A data set gives examples by index; `.map(transform)` wraps it in a
// MapDataset that transforms its batches. Data loaders call get_batch() on
// their threads, each worker on its own copy of the data set.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DATA_DATASETS_H
#define KILN_DATA_DATASETS_H

#include "kiln/data/Example.h"
#include "kiln/data/Host.h"

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiln::data::datasets {

template <typename SourceDataset, typename AppliedTransform> class MapDataset;

/// `dataset` whose batches go through `transform`.
template <typename DatasetType, typename TransformType>
MapDataset<DatasetType, TransformType> map(DatasetType dataset,
                                           TransformType transform) {
  return {std::move(dataset), std::move(transform)};
}

/// A data set that gives whole batches for a request (a list of indices),
/// as torch::data::datasets::BatchDataset. `Self` is the derived class
/// (CRTP), for map().
template <typename Self, typename Batch,
          typename BatchRequest = std::vector<size_t>>
class BatchDataset {
public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;

  virtual ~BatchDataset() = default;
  virtual Batch get_batch(BatchRequest request) = 0;
  /// The number of examples, if known (loaders need it).
  virtual std::optional<size_t> size() const = 0;

  /// This data set, copied, with its batches transformed by `transform`.
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return datasets::map(static_cast<Self &>(*this), std::move(transform));
  }
  /// This data set, moved, with its batches transformed by `transform`.
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return datasets::map(std::move(static_cast<Self &>(*this)),
                         std::move(transform));
  }
};

/// A data set of single examples, as torch::data::datasets::Dataset:
/// derived classes give get(index) and size(); a batch is the vector of
/// the requested examples.
template <typename Self, typename SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
public:
  using ExampleType = SingleExample;

  virtual ExampleType get(size_t index) = 0;

  std::vector<ExampleType> get_batch(std::vector<size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (size_t index : indices)
      batch.push_back(get(index));
    return batch;
  }
};

/// `SourceDataset` with `AppliedTransform` applied to its batches, as
/// torch::data::datasets::MapDataset; made by map().
template <typename SourceDataset, typename AppliedTransform>
class MapDataset
    : public BatchDataset<MapDataset<SourceDataset, AppliedTransform>,
                          typename AppliedTransform::OutputBatchType,
                          typename SourceDataset::BatchRequestType> {
  static_assert(std::is_same_v<typename SourceDataset::BatchType,
                               typename AppliedTransform::InputBatchType>,
                "the transform does not take the data set's batches");

public:
  using DatasetType = SourceDataset;
  using TransformType = AppliedTransform;
  using BatchRequestType = typename SourceDataset::BatchRequestType;
  using OutputBatchType = typename AppliedTransform::OutputBatchType;

  MapDataset(SourceDataset dataset, AppliedTransform transform)
      : source(std::move(dataset)), applied(std::move(transform)) {}

  OutputBatchType get_batch(BatchRequestType request) override {
    return applied.apply_batch(source.get_batch(std::move(request)));
  }
  std::optional<size_t> size() const override { return source.size(); }

  const SourceDataset &dataset() const { return source; }
  const AppliedTransform &transform() const { return applied; }

private:
  SourceDataset source;
  AppliedTransform applied;
};

/// One tensor whose entries along the first dimension are the examples, as
/// torch::data::datasets::TensorDataset. The tensor is copied to the host
/// once; each example is a fresh copy of its entry.
class TensorDataset : public Dataset<TensorDataset, TensorExample> {
public:
  /// The tensors, stacked: each one is an example.
  explicit TensorDataset(const std::vector<Tensor> &tensors, KILN_HERE);
  explicit TensorDataset(const Tensor &tensor, KILN_HERE);

  TensorExample get(size_t index) override;
  std::optional<size_t> size() const override;

  /// The examples, stacked.
  const Tensor &tensor() const { return examples; }

private:
  Tensor examples;
  SourceLocation created;
};

} // namespace kiln::data::datasets

#endif // KILN_DATA_DATASETS_H
