//===- DataLoader.h - batches of a data set, prefetched ---------*- C++ -*-===//
//
// As torch::data::make_data_loader: a loader draws each batch's indices from
// a sampler and asks the data set for the batch, on `workers` background
// threads that assemble the next batches while the training step runs (at
// most `max_jobs` ahead), or on the caller's thread with workers(0).
//
//   auto loader = kiln::data::make_data_loader(
//       MNIST(root).map(Normalize<>(0.1307, 0.3081)).map(Stack<>()),
//       DataLoaderOptions(64).workers(1));
//   for (auto &batch : *loader)
//     train(batch.data, batch.target);
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DATA_DATALOADER_H
#define KILN_DATA_DATALOADER_H

#include "kiln/Error.h"
#include "kiln/data/Host.h"
#include "kiln/data/Samplers.h"

#include <algorithm>
#include <any>
#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiln::data {

/// Options of a data loader, built as libtorch's:
/// DataLoaderOptions(64).workers(2).drop_last(true).
class DataLoaderOptions {
public:
  DataLoaderOptions(size_t batchSize = 1) : batchSizeValue(batchSize) {}
  DataLoaderOptions &batch_size(size_t value) {
    batchSizeValue = value;
    return *this;
  }
  /// Threads assembling batches; 0 assembles them on the caller's thread.
  DataLoaderOptions &workers(size_t value) {
    workerCount = value;
    return *this;
  }
  /// Batches assembled or being assembled ahead of the caller; defaults to
  /// twice the workers.
  DataLoaderOptions &max_jobs(size_t value) {
    maxJobs = value;
    return *this;
  }
  /// Whether batches come in the sampler's order (else as they are ready).
  DataLoaderOptions &enforce_ordering(bool value) {
    ordered = value;
    return *this;
  }
  /// Whether a last batch smaller than batch_size is left out.
  DataLoaderOptions &drop_last(bool value) {
    dropLast = value;
    return *this;
  }
  /// The seed of the RandomSampler make_data_loader makes (kiln's addition).
  DataLoaderOptions &seed(uint64_t value) {
    seedValue = value;
    return *this;
  }
  size_t batch_size() const { return batchSizeValue; }
  size_t workers() const { return workerCount; }
  size_t max_jobs() const { return maxJobs.value_or(2 * workerCount); }
  bool enforce_ordering() const { return ordered; }
  bool drop_last() const { return dropLast; }
  uint64_t seed() const { return seedValue; }

private:
  size_t batchSizeValue, workerCount = 0;
  std::optional<size_t> maxJobs;
  bool ordered = true, dropLast = false;
  uint64_t seedValue = 0;
};

namespace detail {

/// Runs a loader's jobs for one epoch: `plan` draws the next job's request
/// (none at the end), always under a lock and in order; `assemble` turns a
/// request into a batch, on worker `worker`'s thread. next() hands the
/// batches back, in plan order when `ordered`, and rethrows an exception of
/// `assemble` as kiln::Error naming `where`. With no workers, next() plans
/// and assembles on the caller's thread.
class Prefetcher {
public:
  using Plan = std::function<std::optional<std::any>()>;
  using Assemble = std::function<std::any(size_t worker, std::any &request)>;

  Prefetcher(size_t workers, size_t window, bool ordered, Plan plan,
             Assemble assemble, SourceLocation where);
  /// Stops the workers once their current jobs end.
  ~Prefetcher();
  Prefetcher(const Prefetcher &) = delete;
  Prefetcher &operator=(const Prefetcher &) = delete;

  std::optional<std::any> next();

private:
  struct State;
  std::unique_ptr<State> state;
};

} // namespace detail

/// Iterates over the batches of `Dataset` in the order `Sampler` gives, as
/// torch::data::StatelessDataLoader. Each worker assembles batches with its
/// own copy of the data set. begin() starts a new epoch (resetting the
/// sampler); the batch an iterator points to lives until the next ++.
template <typename Dataset, typename Sampler> class StatelessDataLoader {
public:
  using BatchType = typename Dataset::BatchType;
  using BatchRequestType = typename Dataset::BatchRequestType;
  static_assert(
      std::is_same_v<BatchRequestType, typename Sampler::BatchRequestType>,
      "the sampler does not make the data set's batch requests");

  class Iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = BatchType;
    using difference_type = std::ptrdiff_t;
    using pointer = BatchType *;
    using reference = BatchType &;

    BatchType &operator*() const { return *loader->current; }
    BatchType *operator->() const { return &*loader->current; }
    Iterator &operator++() {
      loader->advance();
      return *this;
    }
    bool operator==(const Iterator &other) const {
      return done() == other.done();
    }

  private:
    friend class StatelessDataLoader;
    explicit Iterator(StatelessDataLoader *loader) : loader(loader) {}
    bool done() const { return !loader || !loader->current; }

    StatelessDataLoader *loader;
  };

  StatelessDataLoader(Dataset dataset, Sampler sampler,
                      DataLoaderOptions options, KILN_HERE)
      : sampler(std::move(sampler)), settings(options), created(where) {
    if (options.batch_size() == 0)
      throw Error("kiln.data.DataLoader: batch_size must be positive", where);
    for (size_t w = 1; w < options.workers(); ++w)
      copies.push_back(dataset);
    copies.push_back(std::move(dataset));
  }
  // The workers hold `this`.
  StatelessDataLoader(const StatelessDataLoader &) = delete;
  StatelessDataLoader &operator=(const StatelessDataLoader &) = delete;

  /// Starts an epoch: ends the last one, resets the sampler, and gets the
  /// first batch.
  Iterator begin() {
    current.reset();
    prefetcher.reset();
    sampler.reset(std::nullopt);
    size_t workers = settings.workers();
    prefetcher = std::make_unique<detail::Prefetcher>(
        workers, std::max<size_t>(settings.max_jobs(), 1),
        settings.enforce_ordering(), [this] { return plan(); },
        [this](size_t worker, std::any &request) {
          BatchType batch = copies[worker].get_batch(
              std::move(std::any_cast<BatchRequestType &>(request)));
          detail::computeBatch(batch);
          return std::any(std::move(batch));
        },
        created);
    advance();
    return Iterator(this);
  }
  Iterator end() { return Iterator(nullptr); }

  const DataLoaderOptions &options() const { return settings; }

private:
  std::optional<std::any> plan() {
    std::optional<BatchRequestType> request =
        sampler.next(settings.batch_size());
    if (!request ||
        (settings.drop_last() && request->size() < settings.batch_size()))
      return std::nullopt;
    return std::any(std::move(*request));
  }

  void advance() {
    current.reset();
    if (!prefetcher)
      return;
    std::optional<std::any> batch = prefetcher->next();
    if (batch)
      current = std::any_cast<BatchType>(std::move(*batch));
    else
      prefetcher.reset();
  }

  std::vector<Dataset> copies;
  Sampler sampler;
  DataLoaderOptions settings;
  SourceLocation created;
  std::unique_ptr<detail::Prefetcher> prefetcher;
  std::optional<BatchType> current;
};

/// A loader of `dataset` whose sampler `Sampler` is made for the data set's
/// size (a RandomSampler, by default as in libtorch, seeded with
/// options.seed()). The data set must have a size().
template <typename Sampler = samplers::RandomSampler, typename Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>>
make_data_loader(Dataset dataset, DataLoaderOptions options = {}, KILN_HERE) {
  std::optional<size_t> size = dataset.size();
  if (!size)
    throw Error("kiln.data.make_data_loader: the data set has no size() to "
                "make a sampler for",
                where);
  if constexpr (std::is_same_v<Sampler, samplers::RandomSampler>)
    return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
        std::move(dataset), Sampler(*size, options.seed()), options, where);
  else
    return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
        std::move(dataset), Sampler(*size), options, where);
}

/// A loader of `dataset` in the order `sampler` gives.
template <typename Dataset, typename Sampler,
          typename = std::enable_if_t<
              !std::is_convertible_v<Sampler, DataLoaderOptions>>>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>>
make_data_loader(Dataset dataset, Sampler sampler,
                 DataLoaderOptions options = {}, KILN_HERE) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
      std::move(dataset), std::move(sampler), options, where);
}

} // namespace kiln::data

#endif // KILN_DATA_DATALOADER_H
