//===- DataLoader.cpp - assembling batches on background threads ----------===//

#include "kiln/data/DataLoader.h"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace kiln::data::detail {

namespace {

/// Rethrows a failure to assemble a batch as kiln::Error.
[[noreturn]] void rethrow(std::exception_ptr error, SourceLocation where) {
  const std::string prefix = "kiln.data.DataLoader: assembling a batch ";
  try {
    std::rethrow_exception(error);
  } catch (const Error &) {
    throw;
  } catch (const std::exception &e) {
    throw Error(prefix + "threw: " + e.what(), where);
  } catch (...) {
    throw Error(prefix + "threw an exception that is not a std::exception",
                where);
  }
}

} // namespace

struct Prefetcher::State {
  /// A job's batch, or what it threw.
  struct Outcome {
    std::any batch;
    std::exception_ptr error;
  };

  Plan plan;
  Assemble assemble;
  size_t window;
  bool ordered;
  SourceLocation where;

  std::mutex mutex;
  /// Signals a new outcome, a delivered batch, the end or a stop.
  std::condition_variable changed;
  /// Jobs planned and batches handed back so far.
  size_t planned = 0, delivered = 0;
  bool exhausted = false, stopping = false;
  /// Outcomes not yet handed back, by job number.
  std::map<size_t, Outcome> ready;
  std::vector<std::thread> threads;

  void work(size_t worker);
};

void Prefetcher::State::work(size_t worker) {
  std::unique_lock<std::mutex> lock(mutex);
  while (true) {
    changed.wait(lock, [&] {
      return stopping || exhausted || planned < delivered + window;
    });
    if (stopping || exhausted)
      return;
    size_t job = planned;
    Outcome outcome;
    std::optional<std::any> request;
    try {
      request = plan();
    } catch (...) {
      // The sampler failed: the epoch ends with its error.
      outcome.error = std::current_exception();
    }
    if (!request) {
      exhausted = true;
      changed.notify_all();
      if (!outcome.error)
        return;
    }
    ++planned;
    if (request) {
      // Assembling is the slow part: other workers plan meanwhile.
      lock.unlock();
      try {
        outcome.batch = assemble(worker, *request);
      } catch (...) {
        outcome.error = std::current_exception();
      }
      lock.lock();
    }
    ready.emplace(job, std::move(outcome));
    changed.notify_all();
  }
}

Prefetcher::Prefetcher(size_t workers, size_t window, bool ordered, Plan plan,
                       Assemble assemble, SourceLocation where)
    : state(std::make_unique<State>()) {
  state->plan = std::move(plan);
  state->assemble = std::move(assemble);
  state->window = window;
  state->ordered = ordered;
  state->where = where;
  for (size_t w = 0; w < workers; ++w)
    state->threads.emplace_back([this, w] { state->work(w); });
}

Prefetcher::~Prefetcher() {
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    state->stopping = true;
  }
  state->changed.notify_all();
  for (std::thread &thread : state->threads)
    thread.join();
}

std::optional<std::any> Prefetcher::next() {
  State &s = *state;
  if (s.threads.empty()) {
    // No workers: plan and assemble here.
    if (s.exhausted)
      return std::nullopt;
    try {
      std::optional<std::any> request = s.plan();
      if (!request) {
        s.exhausted = true;
        return std::nullopt;
      }
      ++s.delivered;
      return s.assemble(0, *request);
    } catch (...) {
      rethrow(std::current_exception(), s.where);
    }
  }
  std::unique_lock<std::mutex> lock(s.mutex);
  while (true) {
    auto found = s.ordered ? s.ready.find(s.delivered) : s.ready.begin();
    if (found != s.ready.end()) {
      State::Outcome outcome = std::move(found->second);
      s.ready.erase(found);
      ++s.delivered;
      lock.unlock();
      s.changed.notify_all();
      if (outcome.error)
        rethrow(outcome.error, s.where);
      return std::move(outcome.batch);
    }
    if (s.exhausted && s.delivered == s.planned)
      return std::nullopt;
    s.changed.wait(lock);
  }
}

} // namespace kiln::data::detail
