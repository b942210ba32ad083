//===- Schedulers.h - learning rate schedulers ------------------*- C++ -*-===//
//
// Schedulers set an optimizer's learning rate, a run-time argument of the
// compiled training step, so changing it never recompiles. Call step() once
// per epoch. They work with any optimizer whose options() has lr().
//
//===----------------------------------------------------------------------===//

#ifndef KILN_OPTIM_SCHEDULERS_H
#define KILN_OPTIM_SCHEDULERS_H

#include "kiln/Error.h"
#include "kiln/Tensor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

namespace kiln::optim {

/// Multiplies an optimizer's learning rate by `gamma` every `stepSize`
/// epochs, as torch::optim::StepLR.
template <typename Optimizer> class StepLR {
public:
  StepLR(Optimizer &optimizer, int64_t stepSize, double gamma = 0.1)
      : optimizer(optimizer), stepSize(stepSize), gamma(gamma) {}
  void step() {
    if (++epochs % stepSize == 0)
      optimizer.options().lr(optimizer.options().lr() * gamma);
  }

private:
  Optimizer &optimizer;
  int64_t stepSize, epochs = 0;
  double gamma;
};

/// Anneals the learning rate from its value at construction, lr0, to
/// `etaMin` along half a cosine over `tMax` epochs, as PyTorch's
/// CosineAnnealingLR in closed form: after e epochs the rate is
/// etaMin + (lr0 - etaMin) * (1 + cos(pi * e / tMax)) / 2. Past `tMax` the
/// cosine goes on, and the rate climbs back.
template <typename Optimizer> class CosineAnnealingLR {
public:
  CosineAnnealingLR(Optimizer &optimizer, int64_t tMax, double etaMin = 0,
                    KILN_HERE)
      : optimizer(optimizer), initial(optimizer.options().lr()),
        minimum(etaMin), period(tMax) {
    if (tMax <= 0)
      throw Error("kiln.optim.CosineAnnealingLR: T_max must be positive, not " +
                      std::to_string(tMax),
                  where);
  }
  void step() {
    double phase = std::numbers::pi * static_cast<double>(++epochs) /
                   static_cast<double>(period);
    optimizer.options().lr(minimum +
                           (initial - minimum) * (1 + std::cos(phase)) / 2);
  }

private:
  Optimizer &optimizer;
  double initial, minimum;
  int64_t period, epochs = 0;
};

/// Scales the learning rate at construction, lr0, by a factor going
/// linearly from `startFactor` to `endFactor` over `totalIters` epochs, then
/// staying there, as PyTorch's LinearLR: the constructor already sets
/// lr0 * startFactor.
template <typename Optimizer> class LinearLR {
public:
  LinearLR(Optimizer &optimizer, double startFactor = 1.0 / 3,
           double endFactor = 1.0, int64_t totalIters = 5, KILN_HERE)
      : optimizer(optimizer), initial(optimizer.options().lr()),
        start(startFactor), end(endFactor), total(totalIters) {
    if (!(startFactor > 0 && startFactor <= 1) ||
        !(endFactor >= 0 && endFactor <= 1) || totalIters <= 0)
      throw Error("kiln.optim.LinearLR: expects 0 < start_factor <= 1, "
                  "0 <= end_factor <= 1 and total_iters > 0; got " +
                      std::to_string(startFactor) + ", " +
                      std::to_string(endFactor) + ", " +
                      std::to_string(totalIters),
                  where);
    optimizer.options().lr(initial * start);
  }
  void step() {
    double progress = static_cast<double>(std::min(++epochs, total)) /
                      static_cast<double>(total);
    optimizer.options().lr(initial * (start + (end - start) * progress));
  }

private:
  Optimizer &optimizer;
  double initial, start, end;
  int64_t total, epochs = 0;
};

// Deduced from the optimizer: `kiln::optim::StepLR scheduler(optimizer, 10);`.
template <typename Optimizer, typename... Rest>
StepLR(Optimizer &, Rest...) -> StepLR<Optimizer>;
template <typename Optimizer, typename... Rest>
CosineAnnealingLR(Optimizer &, Rest...) -> CosineAnnealingLR<Optimizer>;
template <typename Optimizer, typename... Rest>
LinearLR(Optimizer &, Rest...) -> LinearLR<Optimizer>;

} // namespace kiln::optim

#endif // KILN_OPTIM_SCHEDULERS_H
