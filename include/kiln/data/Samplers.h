//===- Samplers.h - the order of a data set's indices -----------*- C++ -*-===//

#ifndef KILN_DATA_SAMPLERS_H
#define KILN_DATA_SAMPLERS_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace kiln::data::samplers {

/// Gives a data loader the indices of its batches, as
/// torch::data::samplers::Sampler. A loader calls reset() at the start of
/// each epoch, then next() until it returns nothing.
template <typename BatchRequest = std::vector<size_t>> class Sampler {
public:
  using BatchRequestType = BatchRequest;

  virtual ~Sampler() = default;
  /// Starts a new epoch, over `newSize` indices if given.
  virtual void reset(std::optional<size_t> newSize) = 0;
  /// The next at most `batchSize` indices; none once all were given.
  virtual std::optional<BatchRequest> next(size_t batchSize) = 0;
};

/// 0, 1, ..., size - 1, every epoch.
class SequentialSampler : public Sampler<> {
public:
  explicit SequentialSampler(size_t size) : count(size) {}
  void reset(std::optional<size_t> newSize = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batchSize) override;
  /// How many indices this epoch has given.
  size_t index() const { return position; }

private:
  size_t count, position = 0;
};

/// A random permutation of 0, ..., size - 1, drawn by each reset() from a
/// generator seeded once: the same seed gives the same sequence of epochs,
/// and each epoch a new order. The order is the same on every platform.
class RandomSampler : public Sampler<> {
public:
  /// Draws a first order, so next() works before any reset() (a loader
  /// resets at the start of each epoch, drawing another).
  explicit RandomSampler(size_t size, uint64_t seed = 0);
  void reset(std::optional<size_t> newSize = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batchSize) override;
  /// How many indices this epoch has given.
  size_t index() const { return position; }

private:
  std::mt19937_64 generator;
  std::vector<size_t> order;
  size_t position = 0;
};

} // namespace kiln::data::samplers

#endif // KILN_DATA_SAMPLERS_H
