// kiln's C++ front end at work: eager-looking code, traced lazily, compiled
// once per graph shape and replayed from the cache.
#include <kiln/kiln.h>

#include <cstdio>
#include <iostream>

int main() {
  kiln::manual_seed(0);
  kiln::Tensor x = kiln::randn({4, 3});
  kiln::Tensor w = kiln::tensor({{0.5, -1.0}, {0.25, 0.0}, {-0.5, 2.0}});
  kiln::Tensor b = kiln::tensor({0.1, -0.1});

  // One hidden layer and a softmax: nothing runs until a value is needed.
  kiln::Tensor probabilities = (x.matmul(w) + b).gelu().softmax(1);
  std::cout << "softmax(gelu(x @ w + b)):\n" << probabilities << "\n\n";

  // The same computation with new data and a changing scalar is served from
  // the cache: scalars are run-time arguments, not constants.
  double total = 0;
  for (int step = 0; step < 100; ++step) {
    kiln::Tensor batch = kiln::randn({4, 3});
    total += ((batch.matmul(w) + b).gelu() * (0.01 * step)).sum().item<double>();
  }
  std::printf("sum over 100 steps: %.4f\n", total);

  try {
    x.matmul(b.reshape({1, 2}));
  } catch (const kiln::Error &error) {
    std::printf("a shape mistake is caught at its line:\n  %s\n", error.what());
  }

  kiln::Stats stats = kiln::stats();
  std::printf("graphs run %lld, compiled %lld, memory cache hits %lld, disk "
              "cache hits %lld; compile %.0f ms, run %.1f ms\n",
              static_cast<long long>(stats.graphsRun),
              static_cast<long long>(stats.graphsCompiled),
              static_cast<long long>(stats.memoryCacheHits),
              static_cast<long long>(stats.diskCacheHits),
              stats.compileSeconds * 1e3, stats.runSeconds * 1e3);
}
