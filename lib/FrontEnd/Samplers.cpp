//===- Samplers.cpp - sequential and random samplers ----------------------===//

#include "kiln/data/Samplers.h"

#include <algorithm>
#include <numeric>

namespace kiln::data::samplers {

namespace {

/// The next at most `batchSize` of `count` indices from `position`, which
/// advances; `index(i)` gives the i-th index.
template <typename Index>
std::optional<std::vector<size_t>> take(size_t count, size_t &position,
                                        size_t batchSize, Index index) {
  if (position >= count || batchSize == 0)
    return std::nullopt;
  size_t end = std::min(count, position + batchSize);
  std::vector<size_t> batch;
  batch.reserve(end - position);
  for (; position < end; ++position)
    batch.push_back(index(position));
  return batch;
}

} // namespace

void SequentialSampler::reset(std::optional<size_t> newSize) {
  if (newSize)
    count = *newSize;
  position = 0;
}

std::optional<std::vector<size_t>> SequentialSampler::next(size_t batchSize) {
  return take(count, position, batchSize, [](size_t i) { return i; });
}

RandomSampler::RandomSampler(size_t size, uint64_t seed)
    : generator(seed), order(size) {
  reset();
}

void RandomSampler::reset(std::optional<size_t> newSize) {
  order.resize(newSize.value_or(order.size()));
  std::iota(order.begin(), order.end(), size_t{0});
  // Fisher-Yates with the generator's raw output: std::shuffle's and the
  // distributions' algorithms differ between standard libraries. The modulo
  // bias is below size / 2^64.
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[generator() % i]);
  position = 0;
}

std::optional<std::vector<size_t>> RandomSampler::next(size_t batchSize) {
  return take(order.size(), position, batchSize,
              [this](size_t i) { return order[i]; });
}

} // namespace kiln::data::samplers
