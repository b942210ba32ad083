//===- ConvTest.cpp - conv2d, pooling and their modules -------------------===//
//
// Forward values against direct loops written here, gradients against
// central finite differences in float64.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

namespace {

using kiln::Tensor;

/// The conv2d of PyTorch's definition, by loops over plain vectors.
std::vector<double> referenceConv(const std::vector<double> &x,
                                  std::vector<int64_t> xs,
                                  const std::vector<double> &w,
                                  std::vector<int64_t> ws, int64_t stride,
                                  int64_t pad, int64_t dilation,
                                  int64_t groups, int64_t &oh, int64_t &ow) {
  int64_t n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
  int64_t o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
  oh = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1;
  ow = (wd + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
  std::vector<double> y(n * o * oh * ow, 0);
  int64_t og = o / groups;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t f = 0; f < o; ++f)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double sum = 0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t p = 0; p < kh; ++p)
              for (int64_t q = 0; q < kw; ++q) {
                int64_t r = i * stride - pad + p * dilation;
                int64_t s = j * stride - pad + q * dilation;
                if (r < 0 || r >= h || s < 0 || s >= wd)
                  continue;
                int64_t channel = f / og * cg + ci;
                sum += x[((b * c + channel) * h + r) * wd + s] *
                       w[((f * cg + ci) * kh + p) * kw + q];
              }
          y[((b * o + f) * oh + i) * ow + j] = sum;
        }
  (void)c;
  return y;
}

void expectNear(const std::vector<double> &got, const std::vector<double> &want,
                double tolerance) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], tolerance) << "element " << i;
}

/// d(sum(f(x) * probe))/dx by central differences, against backward().
void gradcheck(Tensor x, const std::function<Tensor(const Tensor &)> &f) {
  x = x.to(kiln::kFloat64);
  Tensor probe = kiln::randn(f(x).sizes(), kiln::kFloat64);
  Tensor leaf = x.clone().requires_grad_();
  (f(leaf) * probe).sum().backward();
  std::vector<double> analytic = leaf.grad().to_vector<double>();
  std::vector<double> values = x.to_vector<double>();
  const double h = 1e-6;
  for (size_t i = 0; i < values.size(); ++i) {
    auto at = [&](double delta) {
      std::vector<double> moved = values;
      moved[i] += delta;
      Tensor input = kiln::from_blob(moved.data(), x.sizes(), kiln::kFloat64);
      return (f(input) * probe).sum().item<double>();
    };
    double numeric = (at(h) - at(-h)) / (2 * h);
    ASSERT_NEAR(analytic[i], numeric, 1e-6 * (1 + std::abs(numeric)))
        << "element " << i;
  }
}

TEST(ConvTest, Conv2dMatchesDirectLoops) {
  struct Case {
    int64_t stride, pad, dilation, groups;
  };
  for (Case k : {Case{1, 0, 1, 1}, Case{2, 1, 1, 1}, Case{1, 2, 2, 1},
                 Case{1, 1, 1, 2}}) {
    Tensor x = kiln::randn({2, 4, 7, 6}, kiln::kFloat64);
    Tensor w = kiln::randn({6, 4 / k.groups, 3, 3}, kiln::kFloat64);
    Tensor b = kiln::randn({6}, kiln::kFloat64);
    int64_t oh, ow;
    std::vector<double> want =
        referenceConv(x.to_vector<double>(), x.sizes(), w.to_vector<double>(),
                      w.sizes(), k.stride, k.pad, k.dilation, k.groups, oh, ow);
    std::vector<double> bias = b.to_vector<double>();
    for (size_t i = 0; i < want.size(); ++i)
      want[i] += bias[(i / (oh * ow)) % 6];
    Tensor y = kiln::conv2d(x, w, b, k.stride, k.pad, k.dilation, k.groups);
    EXPECT_EQ(y.sizes(), (std::vector<int64_t>{2, 6, oh, ow}));
    expectNear(y.to_vector<double>(), want, 1e-10);
  }
}

TEST(ConvTest, PoolingMatchesDirectLoops) {
  Tensor x = kiln::randn({2, 3, 6, 5}, kiln::kFloat64);
  std::vector<double> v = x.to_vector<double>();
  // 2x2 windows, stride 2, padding 1: a 4x3 output per channel.
  std::vector<double> maxWant, avgWant;
  for (int64_t plane = 0; plane < 6; ++plane)
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j < 3; ++j) {
        double best = -std::numeric_limits<double>::infinity(), sum = 0;
        for (int64_t p = 0; p < 2; ++p)
          for (int64_t q = 0; q < 2; ++q) {
            int64_t r = 2 * i - 1 + p, s = 2 * j - 1 + q;
            if (r < 0 || r >= 6 || s < 0 || s >= 5)
              continue;
            best = std::max(best, v[(plane * 6 + r) * 5 + s]);
            sum += v[(plane * 6 + r) * 5 + s];
          }
        maxWant.push_back(best);
        avgWant.push_back(sum / 4);
      }
  expectNear(kiln::max_pool2d(x, 2, 2, 1).to_vector<double>(), maxWant, 1e-12);
  expectNear(kiln::avg_pool2d(x, 2, 2, 1).to_vector<double>(), avgWant, 1e-12);
  // Global average pooling is the mean over height and width.
  Tensor global = kiln::adaptive_avg_pool2d(x, 1);
  EXPECT_EQ(global.sizes(), (std::vector<int64_t>{2, 3, 1, 1}));
  expectNear(global.to_vector<double>(),
             x.mean(3).mean(2).to_vector<double>(), 1e-12);
}

TEST(ConvTest, AdaptivePoolingUsesPyTorchsWindows) {
  // 7x5 to 3x2: rows [0, 3), [2, 5), [4, 7); columns [0, 3), [2, 5).
  Tensor x = kiln::randn({2, 3, 7, 5}, kiln::kFloat64);
  std::vector<double> v = x.to_vector<double>(), want;
  const int64_t rows[3][2] = {{0, 3}, {2, 5}, {4, 7}}, cols[2][2] = {{0, 3}, {2, 5}};
  for (int64_t plane = 0; plane < 6; ++plane)
    for (auto &r : rows)
      for (auto &c : cols) {
        double sum = 0;
        for (int64_t i = r[0]; i < r[1]; ++i)
          for (int64_t j = c[0]; j < c[1]; ++j)
            sum += v[(plane * 7 + i) * 5 + j];
        want.push_back(sum / ((r[1] - r[0]) * (c[1] - c[0])));
      }
  Tensor y = kiln::adaptive_avg_pool2d(x, {3, 2});
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{2, 3, 3, 2}));
  expectNear(y.to_vector<double>(), want, 1e-12);
  gradcheck(x, [](const Tensor &in) {
    return kiln::adaptive_avg_pool2d(in, {3, 2});
  });
}

TEST(ConvTest, GradientsMatchFiniteDifferences) {
  Tensor w = kiln::randn({3, 2, 3, 3}, kiln::kFloat64);
  Tensor x = kiln::randn({2, 2, 5, 5}, kiln::kFloat64);
  gradcheck(x, [&](const Tensor &in) { return kiln::conv2d(in, w, {}, 2, 1); });
  gradcheck(w, [&](const Tensor &weight) {
    return kiln::conv2d(x, weight, {}, 1, 1, 2);
  });
  gradcheck(x, [](const Tensor &in) { return kiln::max_pool2d(in, 2); });
  gradcheck(x, [](const Tensor &in) { return kiln::avg_pool2d(in, 3, 2, 1); });
}

TEST(ConvTest, ModulesFollowTheirOptions) {
  kiln::nn::Conv2d conv(kiln::nn::Conv2dOptions(3, 8, {3, 5}).stride(2).padding(1));
  EXPECT_EQ(conv->weight.sizes(), (std::vector<int64_t>{8, 3, 3, 5}));
  EXPECT_EQ(conv->bias.sizes(), (std::vector<int64_t>{8}));
  // PyTorch's default initialization bound: 1 / sqrt(fan_in).
  double bound = 1 / std::sqrt(3.0 * 3 * 5);
  for (double value : conv->weight.to_vector<double>())
    EXPECT_LE(std::abs(value), bound);
  Tensor x = kiln::randn({2, 3, 9, 9});
  EXPECT_EQ(conv->forward(x).sizes(), (std::vector<int64_t>{2, 8, 5, 4}));
  kiln::nn::MaxPool2d pool(kiln::nn::MaxPool2dOptions(2));
  EXPECT_EQ(pool(x).sizes(), (std::vector<int64_t>{2, 3, 4, 4}));
  kiln::nn::AvgPool2d avg(kiln::nn::AvgPool2dOptions(3).stride(1).padding(1));
  EXPECT_EQ(avg(x).sizes(), (std::vector<int64_t>{2, 3, 9, 9}));
  kiln::nn::AdaptiveAvgPool2d adaptive(3);
  EXPECT_EQ(adaptive(x).sizes(), (std::vector<int64_t>{2, 3, 3, 3}));
  EXPECT_EQ(conv->named_parameters().size(), 2u);
}

TEST(ConvTest, ShapeMistakesAreErrors) {
  Tensor x = kiln::randn({2, 3, 8, 8});
  auto expectError = [](const std::function<void()> &f, const char *text) {
    try {
      f();
      FAIL() << "no error for: " << text;
    } catch (const kiln::Error &error) {
      EXPECT_NE(std::string(error.what()).find(text), std::string::npos)
          << error.what();
    }
  };
  expectError([&] { kiln::conv2d(x, kiln::randn({4, 2, 3, 3})); },
              "do not match with groups = 1");
  expectError([&] { kiln::conv2d(kiln::randn({3, 8, 8}), kiln::randn({4, 3, 3, 3})); },
              "expects a 4-d input");
  expectError([&] { kiln::conv2d(x, kiln::randn({4, 3, 9, 9})); },
              "is larger than the padded input");
  expectError([&] { kiln::max_pool2d(x, 2, 2, 2); },
              "padding must be at most half the kernel size");
  expectError([&] { kiln::adaptive_avg_pool2d(x, 0); }, "must be positive");
  expectError([&] { kiln::max_pool2d(x, {2, 2, 2}); },
              "expected 2 sizes");
  expectError(
      [&] {
        kiln::conv2d(x, kiln::randn({4, 3, 3, 3}),
                     kiln::randn({4}, kiln::kFloat64));
      },
      "bias must have the input's dtype");
  expectError([] { kiln::nn::Conv2d(kiln::nn::Conv2dOptions(3, 4, 3).groups(2)); },
              "multiples of groups = 2");
}

} // namespace
