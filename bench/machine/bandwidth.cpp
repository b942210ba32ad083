//===- bandwidth.cpp - STREAM-like memory bandwidth -----------------------===//
//
// Read (a sum of b: 1 read, the mix of a reduction), copy (1 read, 1
// write), triad a = b * s + c (2 reads, 1 write) and a three-input sum
// a = b + c + d (3 reads, 1 write: the mix of a fused elementwise chain)
// over arrays far larger than the caches, on all cores.
// Bandwidth counts logical bytes: each input read once, each output written
// once. Writes cost more than reads (the line is read for ownership first),
// so each mix has its own limit; kiln's chains are compared with `sum3`.
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
  float *a, *b, *c, *d;
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
  Arrays x{allocate(), allocate(), allocate(), allocate()};
#pragma omp parallel for schedule(static)
  for (long i = 0; i < kElements; ++i) {
    x.a[i] = 0;
    x.b[i] = 1;
    x.c[i] = 2;
    x.d[i] = 3;
  }
  // Each thread keeps 64 partial sums (four vectors), so the loop vectorizes
  // without reassociating float additions and hides the add latency.
  float total = 0;
  double read = bestSeconds([&] {
#pragma omp parallel reduction(+ : total)
    {
      float lanes[64] = {};
#pragma omp for schedule(static)
      for (long i = 0; i < kElements; i += 64)
        for (int lane = 0; lane < 64; ++lane)
          lanes[lane] += x.b[i + lane];
      for (float lane : lanes)
        total += lane;
    }
  });
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
  double sum3 = bestSeconds([&] {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < kElements; ++i)
      x.a[i] = x.b[i] + x.c[i] + x.d[i];
  });
  double bytes = kElements * sizeof(float);
  std::printf("bandwidth_read_gbs %.1f\nbandwidth_copy_gbs %.1f\n"
              "bandwidth_triad_gbs %.1f\nbandwidth_sum3_gbs %.1f\nthreads %d\n",
              bytes / read / 1e9, 2 * bytes / copy / 1e9,
              3 * bytes / triad / 1e9, 4 * bytes / sum3 / 1e9,
              omp_get_max_threads());
  if (total < 0)
    std::puts("");
  std::free(x.a);
  std::free(x.b);
  std::free(x.c);
  std::free(x.d);
}
