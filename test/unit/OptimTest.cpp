//===- OptimTest.cpp - RMSprop, schedulers, optimizer state ---------------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using kiln::Tensor;
using kiln::optim::StateDict;

/// Runs `steps` steps of the optimizer `make` builds for p = `start` with
/// loss = sum(p * slope): constant gradients `slope`. Returns p.
template <typename Make>
std::vector<double> constantGradient(Make make, std::vector<double> start,
                                     std::vector<double> slope, int steps) {
  Tensor p = kiln::from_blob(start.data(), {static_cast<int64_t>(start.size())},
                             kiln::kFloat64)
                 .requires_grad_();
  Tensor c = kiln::from_blob(slope.data(), {static_cast<int64_t>(slope.size())},
                             kiln::kFloat64);
  auto optimizer = make(std::vector<Tensor>{p});
  for (int i = 0; i < steps; ++i) {
    optimizer.zero_grad();
    (p * c).sum().backward();
    optimizer.step();
  }
  return p.to_vector<double>();
}

void expectNear(const std::vector<double> &got,
                const std::vector<double> &expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-12) << "element " << i;
}

using kiln::optim::RMSprop;
using kiln::optim::RMSpropOptions;

TEST(OptimTest, RMSpropMatchesHandComputedUpdates) {
  const double eps = 1e-8;
  // Defaults (alpha 0.99), gradients 2 and -1 with lr 0.1. The squared
  // average is 0.01 g^2, then 0.99 * 0.01 g^2 + 0.01 g^2 = 0.0199 g^2.
  auto plain = [](auto p) { return RMSprop(p, RMSpropOptions(0.1)); };
  expectNear(
      constantGradient(plain, {1, 1}, {2, -1}, 2),
      {1 - 0.1 * 2 / (std::sqrt(0.04) + eps) -
           0.1 * 2 / (std::sqrt(0.0796) + eps),
       1 + 0.1 / (std::sqrt(0.01) + eps) + 0.1 / (std::sqrt(0.0199) + eps)});
  // alpha 0.9, g = 2: squared averages 0.4, 0.76; centered, the gradient
  // averages are 0.2, 0.38, so the variances are 0.4 - 0.04 and
  // 0.76 - 0.1444.
  auto centered = [](auto p) {
    return RMSprop(p, RMSpropOptions(0.1).alpha(0.9).centered(true));
  };
  expectNear(constantGradient(centered, {1}, {2}, 2),
             {1 - 0.1 * 2 / (std::sqrt(0.36) + eps) -
              0.1 * 2 / (std::sqrt(0.6156) + eps)});
  // Momentum 0.9 accumulates the divided gradients: b1 = 2 / sqrt(0.4),
  // b2 = 0.9 b1 + 2 / sqrt(0.76).
  auto momentum = [](auto p) {
    return RMSprop(p, RMSpropOptions(0.1).alpha(0.9).momentum(0.9));
  };
  double b1 = 2 / (std::sqrt(0.4) + eps);
  double b2 = 0.9 * b1 + 2 / (std::sqrt(0.76) + eps);
  expectNear(constantGradient(momentum, {1}, {2}, 2),
             {1 - 0.1 * b1 - 0.1 * b2});
  // Weight decay 0.5 adds 0.5 p to the gradient: 2.5, then 2 + 0.5 p1.
  auto decay = [](auto p) {
    return RMSprop(p, RMSpropOptions(0.1).alpha(0.9).weight_decay(0.5));
  };
  double p1 = 1 - 0.1 * 2.5 / (std::sqrt(0.1 * 6.25) + eps);
  double g2 = 2 + 0.5 * p1;
  double p2 = p1 - 0.1 * g2 / (std::sqrt(0.9 * 0.625 + 0.1 * g2 * g2) + eps);
  expectNear(constantGradient(decay, {1}, {2}, 2), {p2});
}

TEST(OptimTest, AdamStepCountsArePerParameter) {
  // As PyTorch's: a parameter without a gradient takes no step, so its bias
  // corrections start when it first gets one.
  Tensor used = kiln::ones({1}, kiln::kFloat64).requires_grad_();
  Tensor unused = kiln::ones({1}, kiln::kFloat64).requires_grad_();
  kiln::optim::Adam optimizer({used, unused}, kiln::optim::AdamOptions(0.1));
  optimizer.zero_grad();
  (used * 2).sum().backward();
  optimizer.step();
  optimizer.zero_grad();
  (unused * 2).sum().backward();
  optimizer.step();
  // The first step of each moves it by lr * 2 / (2 + eps).
  double step = 0.1 * 2 / (2 + 1e-8);
  EXPECT_NEAR(used.item<double>(), 1 - step, 1e-12);
  EXPECT_NEAR(unused.item<double>(), 1 - step, 1e-12);
  std::vector<std::string> names;
  for (auto &[name, value] : optimizer.state_dict())
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq",
                       "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq",
                       "param_groups.0.lr", "param_groups.0.betas",
                       "param_groups.0.eps", "param_groups.0.weight_decay"}));
}

/// The learning rates a scheduler leaves before each of `epochs` epochs.
template <typename Scheduler, typename... Args>
std::vector<double> rates(int epochs, double lr, Args... args) {
  Tensor p = kiln::ones({1}).requires_grad_();
  kiln::optim::SGD optimizer({p}, kiln::optim::SGDOptions(lr));
  Scheduler scheduler(optimizer, args...);
  std::vector<double> seen;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    seen.push_back(optimizer.options().lr());
    scheduler.step();
  }
  return seen;
}

TEST(OptimTest, CosineAnnealingLRFollowsTheClosedForm) {
  using Cosine = kiln::optim::CosineAnnealingLR<kiln::optim::SGD>;
  // lr0 = 1, eta_min = 0.1, T_max = 4: 0.1 + 0.9 (1 + cos(pi e / 4)) / 2,
  // going back up past T_max.
  std::vector<double> expected;
  for (int e = 0; e < 6; ++e)
    expected.push_back(0.1 +
                       0.9 * (1 + std::cos(std::numbers::pi * e / 4)) / 2);
  expectNear(rates<Cosine>(6, 1.0, int64_t{4}, 0.1), expected);
  EXPECT_NEAR(expected[4], 0.1, 1e-15);
  expectNear(rates<Cosine>(3, 0.5, int64_t{2}), {0.5, 0.25, 0});
  Tensor p = kiln::ones({1}).requires_grad_();
  kiln::optim::SGD optimizer({p}, kiln::optim::SGDOptions(1));
  EXPECT_THROW(Cosine(optimizer, 0), kiln::Error);
}

TEST(OptimTest, LinearLRFollowsTheClosedForm) {
  using Linear = kiln::optim::LinearLR<kiln::optim::SGD>;
  // Defaults: factors 1/3 to 1 over 5 epochs, then 1.
  std::vector<double> expected;
  for (int e = 0; e < 7; ++e)
    expected.push_back(0.3 * (1.0 / 3 + (2.0 / 3) * std::min(e, 5) / 5));
  expectNear(rates<Linear>(7, 0.3), expected);
  expectNear(rates<Linear>(4, 2.0, 1.0, 0.5, int64_t{2}), {2, 1.5, 1, 1});
  Tensor p = kiln::ones({1}).requires_grad_();
  kiln::optim::SGD optimizer({p}, kiln::optim::SGDOptions(1));
  EXPECT_THROW(Linear(optimizer, 0.0), kiln::Error);
  EXPECT_THROW(Linear(optimizer, 0.5, 1.5), kiln::Error);
  EXPECT_THROW(Linear(optimizer, 0.5, 1.0, 0), kiln::Error);
}

TEST(OptimTest, ChangingRatesAndStepCountsNeverRecompiles) {
  // Learning rates from schedulers, Adam's bias corrections and every
  // hyper-parameter are run-time arguments of the training step.
  Tensor x = kiln::tensor({{1, 2}, {3, 4}, {5, 6}}, kiln::kFloat64);
  Tensor y = kiln::tensor({1, -1, 2}, kiln::kFloat64);
  auto train = [&](auto &optimizer, auto &scheduler, Tensor &w, int steps) {
    for (int i = 0; i < steps; ++i) {
      optimizer.zero_grad();
      (x.matmul(w) - y).pow(2).mean().backward();
      optimizer.step();
      scheduler.step();
    }
  };
  // The first step has no buffers yet; the second is the steady state.
  auto expectNoRecompiles = [&](auto &optimizer, auto &scheduler, Tensor &w) {
    train(optimizer, scheduler, w, 2);
    kiln::Stats before = kiln::stats();
    train(optimizer, scheduler, w, 4);
    kiln::Stats after = kiln::stats();
    EXPECT_EQ(after.memoryCacheMisses, before.memoryCacheMisses);
    EXPECT_EQ(after.graphsCompiled, before.graphsCompiled);
    EXPECT_EQ(after.graphsRun, before.graphsRun + 4);
  };
  Tensor w1 = kiln::zeros({2}, kiln::kFloat64).requires_grad_();
  RMSprop rmsprop({w1}, RMSpropOptions(0.01).momentum(0.5).centered(true));
  kiln::optim::CosineAnnealingLR cosine(rmsprop, 10);
  expectNoRecompiles(rmsprop, cosine, w1);
  Tensor w2 = kiln::zeros({2}, kiln::kFloat64).requires_grad_();
  kiln::optim::Adam adam({w2}, kiln::optim::AdamOptions(0.01));
  kiln::optim::LinearLR linear(adam);
  expectNoRecompiles(adam, linear, w2);
}

/// A copy of `state` sharing no tensor with it, as if saved and loaded.
StateDict copied(const StateDict &state) {
  StateDict copy;
  for (const auto &[name, value] : state) {
    std::vector<double> values = value.to_vector<double>();
    copy.emplace_back(
        name, kiln::from_blob(values.data(), value.sizes(), kiln::kFloat64)
                  .to(value.dtype()));
  }
  return copy;
}

/// Trains 3 steps, saves the optimizer's state, trains 2 more; then a new
/// optimizer of `fresh`'s options loads the saved state and redoes the 2
/// steps from the saved parameters: both must end equal.
template <typename Optimizer, typename Options>
void expectResumesExactly(Options options, Options fresh) {
  Tensor x = kiln::tensor({{1, 2, 0.5}, {-1, 0.5, 2}}, kiln::kFloat64);
  Tensor y = kiln::tensor({{1, 0}, {0, 1}}, kiln::kFloat64);
  auto train = [&](Optimizer &optimizer, Tensor &w, Tensor &b, int steps) {
    for (int i = 0; i < steps; ++i) {
      optimizer.zero_grad();
      (x.matmul(w) + b - y).pow(2).sum().backward();
      optimizer.step();
    }
  };
  std::vector<double> w0 = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, b0 = {0, 0.1};
  Tensor w =
      kiln::from_blob(w0.data(), {3, 2}, kiln::kFloat64).requires_grad_();
  Tensor b = kiln::from_blob(b0.data(), {2}, kiln::kFloat64).requires_grad_();
  Optimizer first({w, b}, options);
  train(first, w, b, 3);
  StateDict saved = copied(first.state_dict());
  std::vector<double> wSaved = w.to_vector<double>(),
                      bSaved = b.to_vector<double>();
  train(first, w, b, 2);

  Tensor w2 =
      kiln::from_blob(wSaved.data(), {3, 2}, kiln::kFloat64).requires_grad_();
  Tensor b2 =
      kiln::from_blob(bSaved.data(), {2}, kiln::kFloat64).requires_grad_();
  Optimizer second({w2, b2}, fresh);
  second.load_state_dict(saved);
  EXPECT_EQ(second.options().lr(), first.options().lr());
  train(second, w2, b2, 2);
  EXPECT_EQ(w2.to_vector<double>(), w.to_vector<double>());
  EXPECT_EQ(b2.to_vector<double>(), b.to_vector<double>());
  EXPECT_NE(w.to_vector<double>(), wSaved); // it did train
}

TEST(OptimTest, StateDictRoundTripResumesTraining) {
  using namespace kiln::optim;
  expectResumesExactly<SGD>(
      SGDOptions(0.01).momentum(0.9).dampening(0.1).weight_decay(0.01),
      SGDOptions(1));
  expectResumesExactly<SGD>(SGDOptions(0.01).momentum(0.9).nesterov(true),
                            SGDOptions(1));
  expectResumesExactly<Adam>(
      AdamOptions(0.05).betas({0.8, 0.9}).weight_decay(0.1), AdamOptions(1));
  expectResumesExactly<AdamW>(AdamOptions(0.05).weight_decay(0.1),
                              AdamOptions(1));
  expectResumesExactly<RMSprop>(
      RMSpropOptions(0.01).momentum(0.5).centered(true).weight_decay(0.1),
      RMSpropOptions(1));
  expectResumesExactly<RMSprop>(RMSpropOptions(0.01).alpha(0.9),
                                RMSpropOptions(1));
}

TEST(OptimTest, StateDictNamesAndScalarsAsPyTorch) {
  Tensor p = kiln::ones({2}, kiln::kFloat64).requires_grad_();
  RMSprop optimizer({p}, RMSpropOptions(0.1).momentum(0.9).centered(true));
  for (int i = 0; i < 3; ++i) {
    optimizer.zero_grad();
    (p * 2).sum().backward();
    optimizer.step();
  }
  StateDict state = optimizer.state_dict();
  std::vector<std::string> names;
  for (auto &[name, value] : state)
    names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "state.0.step", "state.0.square_avg", "state.0.momentum_buffer",
                "state.0.grad_avg", "param_groups.0.lr", "param_groups.0.alpha",
                "param_groups.0.eps", "param_groups.0.weight_decay",
                "param_groups.0.momentum", "param_groups.0.centered"}));
  EXPECT_EQ(state[0].second.dim(), 0);
  EXPECT_EQ(state[0].second.item<double>(), 3);
  EXPECT_EQ(state[4].second.dim(), 0);
  EXPECT_EQ(state[4].second.dtype(), kiln::kFloat64);
  EXPECT_EQ(state[4].second.item<double>(), 0.1);
  EXPECT_EQ(state.back().second.dtype(), kiln::kBool);
  EXPECT_TRUE(state.back().second.item<bool>());
  // The square average after three gradients of 2: 4 (1 - 0.99^3).
  EXPECT_NEAR(state[1].second[0].item<double>(), 4 * (1 - std::pow(0.99, 3)),
              1e-12);

  // A fresh SGD without momentum has no per-parameter state.
  kiln::optim::SGD sgd({p}, kiln::optim::SGDOptions(0.1));
  EXPECT_EQ(sgd.state_dict().size(), 5u);
}

TEST(OptimTest, LoadStateDictRejectsMismatchesAndChangesNothing) {
  Tensor p = kiln::ones({2}, kiln::kFloat64).requires_grad_();
  kiln::optim::SGD optimizer({p}, kiln::optim::SGDOptions(0.1).momentum(0.9));
  optimizer.zero_grad();
  (p * 2).sum().backward();
  optimizer.step();
  StateDict good = optimizer.state_dict();
  kiln::optim::SGD other({p}, kiln::optim::SGDOptions(0.5));
  auto expectError = [&](StateDict state, const std::string &part) {
    try {
      other.load_state_dict(state);
      ADD_FAILURE() << "expected kiln::Error mentioning " << part;
    } catch (const kiln::Error &error) {
      EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
          << error.what();
      EXPECT_NE(std::string(error.what()).find("OptimTest.cpp"),
                std::string::npos)
          << error.what();
    }
    EXPECT_EQ(other.options().lr(), 0.5);
  };
  StateDict wrongShape = good;
  wrongShape[0].second = kiln::zeros({3}, kiln::kFloat64);
  expectError(wrongShape, "state.0.momentum_buffer has shape [3]");
  StateDict unknown = good;
  unknown.emplace_back("param_groups.0.amsgrad", kiln::tensor(0.0));
  expectError(unknown, "param_groups.0.amsgrad is not part");
  StateDict beyond = good;
  beyond.emplace_back("state.1.momentum_buffer", kiln::zeros({2}));
  expectError(beyond, "state.1.momentum_buffer names no parameter");
  StateDict missing(good.begin(), good.end() - 1);
  expectError(missing, "no param_groups.0.nesterov");
  StateDict twice = good;
  twice.push_back(good[0]);
  expectError(twice, "appears twice");

  // A float32 buffer takes the parameter's dtype.
  StateDict single = good;
  single[0].second = single[0].second.to(kiln::kFloat32);
  other.load_state_dict(single);
  EXPECT_EQ(other.state_dict()[0].second.dtype(), kiln::kFloat64);
  EXPECT_EQ(other.options().momentum(), 0.9);
}

} // namespace
