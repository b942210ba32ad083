//===- AutogradTest.cpp - backward(), grad() and the kiln-autodiff pass ---===//
//
// Gradients come from the compiler pass; they are checked here against
// central finite differences of the forward computation (float64, eps 1e-6,
// atol 1e-5, rtol 1e-3), which use no autodiff at all.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace {

using kiln::Tensor;
using Function = std::function<Tensor(const std::vector<Tensor> &)>;

/// d sum(f(inputs)) / d inputs[which], by central differences.
std::vector<double> numericGradient(const Function &f,
                                    std::vector<Tensor> inputs, size_t which) {
  kiln::NoGradGuard noGrad;
  const double eps = 1e-6;
  std::vector<double> values = inputs[which].to_vector<double>();
  std::vector<int64_t> shape = inputs[which].sizes();
  std::vector<double> gradient;
  for (size_t i = 0; i < values.size(); ++i) {
    auto at = [&](double delta) {
      std::vector<double> moved = values;
      moved[i] += delta;
      inputs[which] = kiln::from_blob(moved.data(), shape, kiln::kFloat64);
      return f(inputs).sum().item<double>();
    };
    gradient.push_back((at(eps) - at(-eps)) / (2 * eps));
  }
  return gradient;
}

/// Checks backward()'s gradients of sum(f(inputs)) for every input.
void gradcheck(const Function &f, const std::vector<Tensor> &inputs) {
  std::vector<Tensor> leaves;
  for (const Tensor &input : inputs)
    leaves.push_back(input.clone().requires_grad_());
  f(leaves).sum().backward();
  for (size_t which = 0; which < leaves.size(); ++which) {
    ASSERT_TRUE(leaves[which].grad().defined()) << "input " << which;
    std::vector<double> analytic = leaves[which].grad().to_vector<double>();
    std::vector<double> numeric = numericGradient(f, inputs, which);
    ASSERT_EQ(analytic.size(), numeric.size());
    for (size_t i = 0; i < numeric.size(); ++i)
      EXPECT_NEAR(analytic[i], numeric[i], 1e-5 + 1e-3 * std::fabs(numeric[i]))
          << "input " << which << ", element " << i;
  }
}

Tensor uniform(std::vector<int64_t> shape, double low, double high) {
  return (kiln::rand(shape, kiln::kFloat64) * (high - low) + low);
}

TEST(AutogradTest, SquareSum) {
  Tensor x = kiln::tensor({1, -2, 3}, kiln::kFloat64).requires_grad_();
  (x * x).sum().backward();
  std::vector<double> g = x.grad().to_vector<double>();
  EXPECT_EQ(g, (std::vector<double>{2, -4, 6}));
}

TEST(AutogradTest, GradcheckUnaryOps) {
  kiln::manual_seed(1);
  Tensor any = uniform({2, 3}, -2, 2), positive = uniform({2, 3}, 0.2, 2);
  gradcheck([](auto &in) { return in[0].exp(); }, {any});
  gradcheck([](auto &in) { return in[0].tanh(); }, {any});
  gradcheck([](auto &in) { return in[0].sigmoid(); }, {any});
  gradcheck([](auto &in) { return in[0].gelu(); }, {any});
  gradcheck([](auto &in) { return in[0].silu(); }, {any});
  gradcheck([](auto &in) { return in[0].sin() * in[0].cos(); }, {any});
  gradcheck([](auto &in) { return in[0].log(); }, {positive});
  gradcheck([](auto &in) { return in[0].sqrt(); }, {positive});
  gradcheck([](auto &in) { return in[0].rsqrt(); }, {positive});
  gradcheck([](auto &in) { return in[0].reciprocal(); }, {positive});
  gradcheck([](auto &in) { return in[0].pow(3); }, {any});
  gradcheck([](auto &in) { return in[0].abs() + in[0].relu(); }, {positive});
  gradcheck([](auto &in) { return in[0].erf(); }, {any});
  gradcheck([](auto &in) { return -in[0].clamp(-1, 1); }, {any});
}

TEST(AutogradTest, GradcheckBinaryReductionsAndShapes) {
  kiln::manual_seed(2);
  Tensor a = uniform({3, 4}, -1, 1), b = uniform({4, 2}, -1, 1);
  Tensor row = uniform({4}, -1, 1), column = uniform({3, 1}, -1, 1);
  gradcheck([](auto &in) { return in[0].matmul(in[1]); }, {a, b});
  gradcheck([](auto &in) { return in[0] * in[1] + in[2]; }, {a, row, column});
  gradcheck([](auto &in) { return in[0] / (in[1] * in[1] + 1); }, {a, row});
  gradcheck([](auto &in) { return kiln::maximum(in[0], in[1]); }, {a, row});
  gradcheck([](auto &in) { return kiln::minimum(in[0], in[1]) - in[1]; },
            {a, row});
  gradcheck(
      [](auto &in) {
        return in[0].gather(1, kiln::tensor({{3, 0}, {1, 1}, {2, 3}},
                                            kiln::kInt64));
      },
      {a});
  gradcheck([](auto &in) { return in[0].softmax(1) * in[1]; }, {a, row});
  gradcheck([](auto &in) { return in[0].log_softmax(0); }, {a});
  gradcheck([](auto &in) { return in[0].mean(1, true) * in[0]; }, {a});
  gradcheck([](auto &in) { return std::get<0>(in[0].max(1)); }, {a});
  gradcheck([](auto &in) { return in[0].t().reshape({2, 6}).exp(); }, {a});
  gradcheck([](auto &in) { return in[0].narrow(1, 1, 2) * 3; }, {a});
  gradcheck([](auto &in) { return kiln::cat({in[0], in[0] * 2}, 1); }, {a});
  gradcheck(
      [](auto &in) {
        return kiln::where(in[0] > 0, in[0], in[0] * in[0]).sum(0);
      },
      {a});
}

TEST(AutogradTest, AccumulatesAndResets) {
  Tensor w = kiln::tensor({1.0, 2.0}, kiln::kFloat64).requires_grad_();
  Tensor loss = (w * w).sum();
  loss.backward();
  loss.backward(); // the history is kept
  EXPECT_EQ(w.grad().to_vector<double>(), (std::vector<double>{4, 8}));
  w.mutable_grad() = Tensor();
  (w * 3).sum().backward();
  EXPECT_EQ(w.grad().to_vector<double>(), (std::vector<double>{3, 3}));
}

TEST(AutogradTest, NoGradDetachAndAutogradGrad) {
  Tensor x = kiln::tensor({1.0, 2.0}, kiln::kFloat64).requires_grad_();
  {
    kiln::NoGradGuard noGrad;
    EXPECT_FALSE((x * 2).requires_grad());
  }
  EXPECT_TRUE((x * 2).requires_grad());
  EXPECT_FALSE(x.detach().requires_grad());
  Tensor y = (x * x * x).sum();
  std::vector<Tensor> g = kiln::autograd::grad({y}, {x});
  EXPECT_EQ(g[0].to_vector<double>(), (std::vector<double>{3, 12}));
  EXPECT_FALSE(x.grad().defined()); // autograd::grad accumulates nothing
  Tensor unused = kiln::ones({3}, kiln::kFloat64).requires_grad_();
  EXPECT_EQ(kiln::autograd::grad({y}, {unused})[0].to_vector<double>(),
            (std::vector<double>{0, 0, 0}));
}

TEST(AutogradTest, MistakesAreErrors) {
  Tensor plain = kiln::ones({2});
  EXPECT_THROW(plain.sum().backward(), kiln::Error);
  EXPECT_THROW(kiln::ones({2}, kiln::kInt64).requires_grad_(), kiln::Error);
  Tensor w = kiln::ones({2}).requires_grad_();
  EXPECT_THROW(w.add_(kiln::ones({2})), kiln::Error); // outside NoGradGuard
  EXPECT_THROW((w * 2).backward(), kiln::Error);      // not one element
}

TEST(AutogradTest, InPlaceUpdateOfALeafRecordsOnlyItsArithmetic) {
  Tensor w = kiln::ones({3}).requires_grad_();
  Tensor plain = kiln::ones({3});
  Tensor step = kiln::full({3}, 0.5);
  kiln::sync();
  int64_t before = kiln::stats().nodesTraced;
  Tensor outOfPlace = plain - step * 0.1;
  int64_t arithmetic = kiln::stats().nodesTraced - before;
  {
    kiln::NoGradGuard noGrad;
    before = kiln::stats().nodesTraced;
    w.sub_(step, 0.1);
    // No copy of the result: no other handle shares it.
    EXPECT_EQ(kiln::stats().nodesTraced - before, arithmetic);
    // A value another tensor holds is copied, so only `w` is the leaf.
    w.copy_(outOfPlace);
  }
  EXPECT_TRUE(w.is_leaf());
  EXPECT_FALSE(outOfPlace.requires_grad());
  (w * w).sum().backward();
  for (float value : w.grad().to_vector<float>())
    EXPECT_NEAR(value, 1.9, 1e-6);
  EXPECT_FALSE(outOfPlace.grad().defined());
}

TEST(AutogradTest, TrainingLoopCompilesOnce) {
  // Fit y = 2x - 1 with SGD; each step is forward, backward and update.
  Tensor x = kiln::linspace(-1, 1, 16).reshape({16, 1});
  Tensor y = x * 2 - 1;
  Tensor w = kiln::zeros({1, 1}).requires_grad_();
  Tensor b = kiln::zeros({1}).requires_grad_();
  kiln::sync(); // the data, computed before training as a loader would
  std::vector<double> losses;
  int64_t missesBefore = kiln::stats().memoryCacheMisses;
  for (int step = 0; step < 10; ++step) {
    Tensor loss = (x.matmul(w) + b - y).pow(2).mean();
    loss.backward();
    {
      kiln::NoGradGuard noGrad;
      w.sub_(w.grad() * 0.3);
      b.sub_(b.grad() * 0.3);
      w.mutable_grad() = Tensor();
      b.mutable_grad() = Tensor();
    }
    losses.push_back(loss.item<double>());
  }
  // One program for the whole step (forward, backward, update), once.
  EXPECT_EQ(kiln::stats().memoryCacheMisses, missesBefore + 1);
  EXPECT_LT(losses.back(), losses.front() / 10);
}

} // namespace

namespace {

TEST(AutogradTest, CreateGraphGivesSecondDerivatives) {
  Tensor x = kiln::tensor({0.5, -1.0, 2.0}, kiln::kFloat64).requires_grad_();
  Tensor y = (x * x * x).sum();
  Tensor dy = kiln::autograd::grad({y}, {x}, {}, std::nullopt,
                                   /*create_graph=*/true)[0];
  EXPECT_TRUE(dy.requires_grad());
  EXPECT_EQ(dy.to_vector<double>(), (std::vector<double>{0.75, 3, 12}));
  dy.sum().backward(); // d/dx sum(3x^2) = 6x
  EXPECT_EQ(x.grad().to_vector<double>(), (std::vector<double>{3, -6, 12}));

  // tanh'' = -2 tanh (1 - tanh^2), against libm.
  Tensor z = kiln::tensor({0.3, -0.7}, kiln::kFloat64).requires_grad_();
  Tensor dz = kiln::autograd::grad({z.tanh().sum()}, {z}, {}, std::nullopt,
                                   true)[0];
  std::vector<double> second =
      kiln::autograd::grad({dz.sum()}, {z})[0].to_vector<double>();
  for (int i = 0; i < 2; ++i) {
    double t = std::tanh(i == 0 ? 0.3 : -0.7);
    EXPECT_NEAR(second[i], -2 * t * (1 - t * t), 1e-12);
  }
}

} // namespace
