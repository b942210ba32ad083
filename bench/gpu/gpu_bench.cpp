// kiln on the GPU: the workloads of issue #8's first GPU benchmark, each
// timed after a warm-up run (which compiles), as the median of repeated
// runs that each end with the results computed on the device.
//
//   kiln-gpu-bench
//
// Prints one line per workload: name, milliseconds, and the rate it implies.
// bench/gpu/torch_bench.py measures PyTorch on the same workloads.

#include <kiln/kiln.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

double medianMilliseconds(const std::function<void()> &run, int repeats) {
  run();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

/// Prints `name`, the time, and `perSecond(amount)` in `unit` (G-units).
void report(const char *name, double ms, double amount, const char *unit) {
  std::printf("%-32s %10.3f ms %10.1f %s\n", name, ms, amount / (ms * 1e6),
              unit);
  std::fflush(stdout);
}

} // namespace

int main() {
  try {
    const kiln::TensorOptions gpu = kiln::device(kiln::kCUDA);
    {
      // gelu(a * b + c) on 64M floats: 4 arrays of 256 MB moved.
      const int64_t n = 64 << 20;
      kiln::Tensor a = kiln::randn({n}, gpu), b = kiln::randn({n}, gpu),
                   c = kiln::randn({n}, gpu), y;
      kiln::sync();
      double ms = medianMilliseconds(
          [&] {
            y = kiln::gelu(a * b + c);
            kiln::sync();
          },
          10);
      report("elementwise gelu(a*b+c) 64M f32", ms, 16.0 * n, "GB/s");
    }
    {
      kiln::Tensor x = kiln::randn({16384, 4096}, gpu), y;
      kiln::sync();
      double ms = medianMilliseconds(
          [&] {
            y = kiln::softmax(x, 1);
            kiln::sync();
          },
          5);
      report("softmax 16384x4096 f32", ms, 8.0 * x.numel(), "GB/s");
    }
    {
      kiln::Tensor x = kiln::randn({16384, 4096}, gpu),
                   w = kiln::randn({4096}, gpu), b = kiln::randn({4096}, gpu), y;
      kiln::sync();
      double ms = medianMilliseconds(
          [&] {
            y = kiln::layer_norm(x, std::vector<int64_t>{4096}, w, b);
            kiln::sync();
          },
          5);
      report("layer norm 16384x4096 f32", ms, 8.0 * x.numel(), "GB/s");
    }
    {
      const int64_t n = 8192;
      kiln::Tensor a = kiln::randn({n, n}, gpu), b = kiln::randn({n, n}, gpu),
                   c;
      kiln::sync();
      double ms = medianMilliseconds(
          [&] {
            c = kiln::matmul(a, b);
            kiln::sync();
          },
          5);
      report("SGEMM 8192^3 f32", ms, 2.0 * n * n * n, "GFLOP/s");
    }
    {
      // MLP 784-512-256-10 training step, batch 128, SGD with momentum.
      kiln::nn::Linear l1(784, 512), l2(512, 256), l3(256, 10);
      l1->to(kiln::kCUDA);
      l2->to(kiln::kCUDA);
      l3->to(kiln::kCUDA);
      std::vector<kiln::Tensor> parameters;
      for (auto *layer : {&l1, &l2, &l3})
        for (const kiln::Tensor &p : (*layer)->parameters())
          parameters.push_back(p);
      kiln::optim::SGD optimizer(parameters,
                                 kiln::optim::SGDOptions(0.01).momentum(0.9));
      kiln::Tensor x = kiln::randn({128, 784}, gpu);
      kiln::Tensor y = kiln::randint(0, 10, {128}, gpu.dtype(kiln::kInt64));
      double ms = medianMilliseconds(
          [&] {
            optimizer.zero_grad();
            kiln::Tensor h = kiln::relu(l2(kiln::relu(l1(x))));
            kiln::Tensor loss =
                kiln::nn::functional::cross_entropy(l3(h), y);
            loss.backward();
            optimizer.step();
            kiln::sync();
          },
          50);
      report("MLP 784-512-256-10 step b128", ms, 128e6, "k samples/s");
    }
    kiln::Stats stats = kiln::stats();
    std::printf("kiln: %lld graphs compiled (%.0f ms), %lld loaded from the "
                "disk cache\n",
                static_cast<long long>(stats.graphsCompiled),
                stats.compileSeconds * 1e3,
                static_cast<long long>(stats.diskCacheHits));
  } catch (const std::exception &error) {
    std::fprintf(stderr, "kiln-gpu-bench: error: %s\n", error.what());
    return 1;
  }
}
