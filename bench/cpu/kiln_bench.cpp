//===- kiln_bench.cpp - kiln's side of the CPU benchmark (issue #7) -------===//
//
// Each workload runs `warmups` times (the first compiles), then `repeats`
// times; a run ends when its results are computed. Prints one line per
// workload, "key median_milliseconds":
//
//   kiln-bench-cpu KEY:WARMUPS:REPEATS ...
//
// and, for the key `first_steps` (the compile latency of the MLP training
// step; run it in a new process with a fresh or a filled KILN_CACHE_DIR),
// the wall time of each of the first training steps and the programs
// compiled or loaded from the disk cache. bench/run.py holds what each key
// measures; bench/cpu/torch_bench.py runs the same keys in PyTorch eager.
//
//===----------------------------------------------------------------------===//

#include "Models.h"

#include <kiln/kiln.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

namespace nn = kiln::nn;
namespace F = kiln::nn::functional;
using Run = std::function<void()>;
using Clock = std::chrono::steady_clock;

double milliseconds(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

double median(const Run &run, int warmups, int repeats) {
  for (int i = 0; i < warmups; ++i)
    run();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    Clock::time_point start = Clock::now();
    run();
    times.push_back(milliseconds(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

/// Inputs made by a factory are pending until computed: compute them before
/// any run is timed.
kiln::Tensor ready(kiln::Tensor t) {
  kiln::sync();
  return t;
}

/// 1000 chained ops, alternately * and +, as bench/frontend/overhead.cpp.
Run dispatch(int64_t n) {
  kiln::Tensor x = ready(kiln::ones({n}));
  return [x] {
    kiln::Tensor y = x;
    for (int i = 0; i < 1000; ++i)
      y = i % 2 ? y + x : y * x;
    kiln::sync();
  };
}

/// A run computing `f` of `inputs`. Its result is dropped when the run ends,
/// as torch_bench.py's is: kept until the next run replaced it, two results
/// alternated, and a softmax's 16 MiB in and 2 x 16 MiB out no longer fit
/// the last-level cache that PyTorch's 16 + 16 MiB fit.
Run compute(std::vector<kiln::Tensor> inputs,
            std::function<kiln::Tensor(const std::vector<kiln::Tensor> &)> f) {
  kiln::sync();
  return [inputs = std::move(inputs), f = std::move(f)] {
    kiln::Tensor result = f(inputs);
    kiln::sync();
  };
}

Run sgemm(int64_t n) {
  return compute({kiln::randn({n, n}), kiln::randn({n, n})},
                 [](auto &in) { return kiln::matmul(in[0], in[1]); });
}

/// relu(x @ W + b) with x [m, 4096], W [4096, 4096]: a transformer-sized layer.
Run linearRelu(int64_t m) {
  return compute(
      {kiln::randn({m, 4096}), kiln::randn({4096, 4096}), kiln::randn({4096})},
      [](auto &in) { return kiln::relu(kiln::matmul(in[0], in[1]) + in[2]); });
}

/// The benchmark's MLP, 784-512-256-10.
nn::Sequential mlp() {
  return nn::Sequential(nn::Linear(784, 512), nn::ReLU(), nn::Linear(512, 256),
                        nn::ReLU(), nn::Linear(256, 10));
}

/// One training step (forward, cross-entropy, backward, update) of `model`
/// on random batches of `batch` inputs of `shape`.
template <typename Optimizer, typename Options>
Run trainingStep(nn::Sequential model, Options options, int64_t batch,
                 std::vector<int64_t> shape) {
  auto optimizer =
      std::make_shared<Optimizer>(model->parameters(), std::move(options));
  shape.insert(shape.begin(), batch);
  kiln::Tensor x = kiln::randn(shape);
  kiln::Tensor y = ready(kiln::randint(0, 10, {batch}));
  return [model, optimizer, x, y]() mutable {
    optimizer->zero_grad();
    F::cross_entropy(model(x), y).backward();
    optimizer->step();
  };
}

Run mlpStep(int64_t batch) {
  return trainingStep<kiln::optim::SGD>(
      mlp(), kiln::optim::SGDOptions(0.01).momentum(0.9), batch, {784});
}

/// One epoch of the Fashion-MNIST example's MLP and loop: batches of 64
/// shuffled, normalized images from the data loader, Adam, the loss read
/// after each step. The data folder is the example's ($KILN_FASHION_MNIST,
/// else Debian's).
Run fashionMnistEpoch() {
  namespace data = kiln::data;
  using data::datasets::MNIST;
  const char *folder = std::getenv("KILN_FASHION_MNIST");
  auto loader = std::shared_ptr(data::make_data_loader(
      MNIST(folder ? folder : "/usr/share/datasets/fashion-mnist",
            MNIST::Mode::kTrain)
          .map(data::transforms::Normalize<>(0.2860, 0.3530))
          .map(data::transforms::Stack<>()),
      data::samplers::RandomSampler(60000, /*seed=*/0),
      data::DataLoaderOptions(64).drop_last(true).workers(1)));
  nn::Sequential model = fashion_mnist::mlp();
  auto optimizer = std::make_shared<kiln::optim::Adam>(
      model->parameters(), kiln::optim::AdamOptions(1e-3));
  kiln::sync();
  return [loader, model, optimizer]() mutable {
    double total = 0;
    for (auto &batch : *loader) {
      optimizer->zero_grad();
      kiln::Tensor loss = F::cross_entropy(model(batch.data), batch.target);
      loss.backward();
      optimizer->step();
      total += loss.item<double>();
    }
    if (total != total)
      std::fprintf(stderr, "kiln-bench-cpu: the epoch's loss is NaN\n");
  };
}

const std::map<std::string, std::function<Run()>> &workloads() {
  static const std::map<std::string, std::function<Run()>> table = {
      {"dispatch_1", [] { return dispatch(1); }},
      {"dispatch_1k", [] { return dispatch(1024); }},
      {"gelu_16m",
       [] {
         const int64_t n = 16 << 20;
         return compute(
             {kiln::randn({n}), kiln::randn({n}), kiln::randn({n})},
             [](auto &in) { return kiln::gelu(in[0] * in[1] + in[2]); });
       }},
      {"sum_16m",
       [] {
         return compute({kiln::randn({16 << 20})},
                        [](auto &in) { return kiln::sum(in[0]); });
       }},
      {"softmax_4096x1024",
       [] {
         return compute({kiln::randn({4096, 1024})},
                        [](auto &in) { return kiln::softmax(in[0], 1); });
       }},
      {"layernorm_4096x1024",
       [] {
         return compute({kiln::randn({4096, 1024}), kiln::randn({1024}),
                         kiln::randn({1024})},
                        [](auto &in) {
                          return kiln::layer_norm(in[0], {1024}, in[1], in[2]);
                        });
       }},
      {"sgemm_256", [] { return sgemm(256); }},
      {"sgemm_1024", [] { return sgemm(1024); }},
      {"sgemm_2048", [] { return sgemm(2048); }},
      {"sgemm_4096", [] { return sgemm(4096); }},
      {"linear_relu_1", [] { return linearRelu(1); }},
      {"linear_relu_32", [] { return linearRelu(32); }},
      {"linear_relu_128", [] { return linearRelu(128); }},
      {"mlp_step_32", [] { return mlpStep(32); }},
      {"mlp_step_128", [] { return mlpStep(128); }},
      {"cnn_step_64",
       [] {
         return trainingStep<kiln::optim::Adam>(fashion_mnist::cnn(),
                                                kiln::optim::AdamOptions(1e-3),
                                                64, {1, 28, 28});
       }},
      {"fashion_mnist_epoch", fashionMnistEpoch},
  };
  return table;
}

/// The compile latency of the MLP training step (batch 32): the wall time of
/// each of the first steps in this process, and what they compiled or
/// loaded. The first SGD step (no momentum buffer yet) and the later ones
/// are different programs.
void firstSteps() {
  Run step = mlpStep(32);
  kiln::Stats before = kiln::stats();
  for (int i = 1; i <= 3; ++i) {
    Clock::time_point start = Clock::now();
    step();
    std::printf("first_steps_%d %.3f\n", i, milliseconds(start));
  }
  kiln::Stats after = kiln::stats();
  std::printf(
      "first_steps_compiled %lld\nfirst_steps_compile_ms %.3f\n"
      "first_steps_disk_hits %lld\n",
      static_cast<long long>(after.graphsCompiled - before.graphsCompiled),
      (after.compileSeconds - before.compileSeconds) * 1e3,
      static_cast<long long>(after.diskCacheHits - before.diskCacheHits));
}

} // namespace

int main(int argc, char **argv) {
  try {
    kiln::manual_seed(0);
    for (int i = 1; i < argc; ++i) {
      std::string spec = argv[i];
      if (spec == "first_steps") {
        firstSteps();
        continue;
      }
      int warmups = 0, repeats = 0;
      size_t colon = spec.find(':');
      auto found = workloads().find(spec.substr(0, colon));
      if (colon == std::string::npos || found == workloads().end() ||
          std::sscanf(spec.c_str() + colon + 1, "%d:%d", &warmups, &repeats) !=
              2 ||
          repeats < 1)
        throw kiln::Error("expected KEY:WARMUPS:REPEATS with a known key or "
                          "first_steps, got " +
                          spec);
      double ms = median(found->second(), warmups, repeats);
      std::printf("%s %.4f\n", found->first.c_str(), ms);
      std::fflush(stdout);
    }
  } catch (const std::exception &error) {
    std::fprintf(stderr, "kiln-bench-cpu: error: %s\n", error.what());
    return 1;
  }
}
