//===- overhead.cpp - the front end's own cost: tracing and replay --------===//
//
// Prints, one per line, "name microseconds":
//   trace_us_per_op         recording one op (1000 chained adds, no compute)
//   replay_100_ops_us       tracing, keying and running a cached 100-op graph
//                           on 1-element tensors, whose kernels cost ~nothing
//   run_cached_100_ops_us   the same without the tracing: cutting, keying,
//                           finding the program in the cache and running it
//
//===----------------------------------------------------------------------===//

#include <kiln/kiln.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace {

double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

kiln::Tensor chain(const kiln::Tensor &x, int ops) {
  kiln::Tensor y = x;
  for (int i = 0; i < ops; ++i)
    y = i % 2 ? y + x : y * x;
  return y;
}

} // namespace

int main() {
  kiln::Tensor one = kiln::ones({1});
  double trace = 1e30;
  for (int trial = 0; trial < 20; ++trial) {
    auto start = std::chrono::steady_clock::now();
    kiln::Tensor y = chain(one, 1000);
    trace = std::min(trace, seconds(start) / 1000);
  }

  chain(one, 100).item<float>(); // compile once
  double replay = 1e30, run = 1e30;
  for (int trial = 0; trial < 200; ++trial) {
    auto start = std::chrono::steady_clock::now();
    kiln::Tensor y = chain(one, 100);
    auto traced = std::chrono::steady_clock::now();
    y.item<float>();
    replay = std::min(replay, seconds(start));
    run = std::min(run, seconds(traced));
  }
  std::printf("trace_us_per_op %.3f\nreplay_100_ops_us %.1f\n"
              "run_cached_100_ops_us %.1f\n",
              trace * 1e6, replay * 1e6, run * 1e6);
}
