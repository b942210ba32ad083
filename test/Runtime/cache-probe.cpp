//===- cache-probe.cpp - a process that computes and reports cache use ----===//
//
// Used by the disk-cache tests: each run is a new process that computes the
// same small program and prints what it compiled and loaded.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"

#include <cstdio>

int main() {
  kiln::Tensor x = kiln::arange(16, kiln::kFloat32).reshape({4, 4}) / 16;
  kiln::Tensor y = (x.matmul(x.t()) * 0.5).exp().sum(1).log();
  // Two reads, two programs. With x[i][j] = (4i + j) / 16, numpy gives
  // sum(log(sum(exp(x x^T / 2), 1))) = 7.5248 and max(2x) = 1.875: 9.3998.
  double value = y.sum().item<double>() + (x * 2).max().item<double>();
  kiln::Stats stats = kiln::stats();
  std::printf("value %.4f\ncompiled %lld\ndisk-hits %lld\n", value,
              static_cast<long long>(stats.graphsCompiled),
              static_cast<long long>(stats.diskCacheHits));
  return 0;
}
