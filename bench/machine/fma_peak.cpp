//===- fma_peak.cpp - the machine's single-precision FMA peak -------------===//
//
// Independent chains of 512-bit fused multiply-adds, enough of them to cover
// the FMA latency, on one thread per core. Prints GFLOP/s per core and for all
// cores: the yardstick for matmul and convolution.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace {

constexpr int kChains = 12;
constexpr long kIterations = 200'000'000 / kChains;

__attribute__((target("avx512f"))) float fmaLoop(float seed) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm512_set1_ps(seed + i);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (long it = 0; it < kIterations; ++it)
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  __m512 sum = acc[0];
  for (int i = 1; i < kChains; ++i)
    sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}

double measure(int threads) {
  float sink = 0;
  auto start = std::chrono::steady_clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : sink)
  sink += fmaLoop(static_cast<float>(omp_get_thread_num()));
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  // 16 lanes x 2 flops per FMA.
  double flops = 32.0 * kChains * kIterations * threads;
  if (sink == 12345.0f)
    std::puts("");
  return flops / elapsed.count() / 1e9;
}

} // namespace

int main() {
  int cores = omp_get_num_procs();
  double best1 = 0, bestAll = 0;
  for (int trial = 0; trial < 3; ++trial) {
    best1 = std::max(best1, measure(1));
    bestAll = std::max(bestAll, measure(cores));
  }
  std::printf("fma_peak_gflops_1core %.1f\nfma_peak_gflops_all %.1f\ncores %d\n",
              best1, bestAll, cores);
}
