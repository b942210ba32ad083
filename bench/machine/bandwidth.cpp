//===- bandwidth.cpp - STREAM-like memory bandwidth -----------------------===//
//
// Copy (1 read, 1 write) and triad a = b * s + c (2 reads, 1 write) over
// arrays far larger than the caches, on all cores. Bandwidth counts logical
// bytes: each input read once, each output written once.
//
//===----------------------------------------------------------------------===//

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

constexpr long kElements = 1L << 25; // 128 MiB per f32 array

struct Arrays {
  float *a, *b, *c;
};

template <typename Kernel> double bestSeconds(Kernel kernel) {
  double best = 1e30;
  for (int trial = 0; trial < 8; ++trial) {
    auto start = std::chrono::steady_clock::now();
    kernel();
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return best;
}

} // namespace

int main() {
  auto allocate = [] {
    return static_cast<float *>(std::aligned_alloc(64, kElements * sizeof(float)));
  };
  Arrays x{allocate(), allocate(), allocate()};
#pragma omp parallel for schedule(static)
  for (long i = 0; i < kElements; ++i) {
    x.a[i] = 0;
    x.b[i] = 1;
    x.c[i] = 2;
  }
  double copy = bestSeconds([&] {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < kElements; ++i)
      x.a[i] = x.b[i];
  });
  double triad = bestSeconds([&] {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < kElements; ++i)
      x.a[i] = x.b[i] * 3.0f + x.c[i];
  });
  double bytes = kElements * sizeof(float);
  std::printf("bandwidth_copy_gbs %.1f\nbandwidth_triad_gbs %.1f\nthreads %d\n",
              2 * bytes / copy / 1e9, 3 * bytes / triad / 1e9,
              omp_get_max_threads());
  std::free(x.a);
  std::free(x.b);
  std::free(x.c);
}
