//===- LayersTest.cpp - nn layers, containers, losses and nn::init --------===//
//
// Forward values are checked against plain C++ loops in double or
// hand-computed numbers; gradients against central finite differences in
// float64 (eps 1e-6, atol 1e-5, rtol 1e-3), which use no autodiff.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

namespace {

using kiln::Tensor;
namespace nn = kiln::nn;
namespace F = kiln::nn::functional;
using Function = std::function<Tensor(const std::vector<Tensor> &)>;

void expectValues(const Tensor &t, const std::vector<double> &expected,
                  double tolerance = 1e-5) {
  std::vector<double> got = t.to_vector<double>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], tolerance) << "element " << i;
}

Tensor fromValues(std::vector<double> values, std::vector<int64_t> shape,
                  kiln::Dtype dtype = kiln::kFloat64) {
  return kiln::from_blob(values.data(), shape, kiln::kFloat64).to(dtype);
}

/// Computed values of U(low, high), so that every read sees the same ones.
Tensor uniform(std::vector<int64_t> shape, double low, double high,
               kiln::Dtype dtype = kiln::kFloat64) {
  Tensor drawn = kiln::rand(shape, kiln::kFloat64) * (high - low) + low;
  return fromValues(drawn.to_vector<double>(), shape, dtype);
}

/// The gradients of sum(f(inputs) * r) for fixed random r (so that
/// functions whose plain sum is constant, as normalizations, are checked
/// too): backward() against central differences, for every input.
void gradcheck(const Function &f, const std::vector<Tensor> &inputs) {
  Tensor weights;
  {
    kiln::NoGradGuard noGrad;
    weights = uniform(f(inputs).sizes(), -1, 1);
  }
  std::vector<Tensor> leaves;
  for (const Tensor &input : inputs)
    leaves.push_back(input.clone().requires_grad_());
  (f(leaves) * weights).sum().backward();
  kiln::NoGradGuard noGrad;
  for (size_t which = 0; which < inputs.size(); ++which) {
    ASSERT_TRUE(leaves[which].grad().defined()) << "input " << which;
    std::vector<double> analytic = leaves[which].grad().to_vector<double>();
    std::vector<double> values = inputs[which].to_vector<double>();
    std::vector<Tensor> moved = inputs;
    for (size_t i = 0; i < values.size(); ++i) {
      auto at = [&](double delta) {
        std::vector<double> shifted = values;
        shifted[i] += delta;
        moved[which] = fromValues(shifted, inputs[which].sizes());
        return (f(moved) * weights).sum().item<double>();
      };
      const double eps = 1e-6;
      double numeric = (at(eps) - at(-eps)) / (2 * eps);
      EXPECT_NEAR(analytic[i], numeric, 1e-5 + 1e-3 * std::fabs(numeric))
          << "input " << which << ", element " << i;
    }
  }
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

TEST(LayersTest, ActivationModulesMatchFormulas) {
  std::vector<double> v = {-2.5, -1, -0.25, 0.5, 1.5, 3};
  Tensor x = fromValues(v, {2, 3}, kiln::kFloat32);
  auto map = [&](double (*f)(double)) {
    std::vector<double> result;
    for (double e : v)
      result.push_back(f(e));
    return result;
  };
  expectValues(nn::ReLU()(x), map([](double e) { return std::max(e, 0.0); }));
  expectValues(nn::GELU()(x), map([](double e) {
                 return 0.5 * e * (1 + std::erf(e / std::sqrt(2.0)));
               }));
  expectValues(
      nn::GELU(nn::GELUOptions().approximate("tanh"))(x), map([](double e) {
        double k = std::sqrt(2 / M_PI);
        return 0.5 * e * (1 + std::tanh(k * (e + 0.044715 * e * e * e)));
      }));
  expectValues(nn::SiLU()(x), map([](double e) { return e * sigmoid(e); }));
  expectValues(nn::Tanh()(x), map([](double e) { return std::tanh(e); }));
  expectValues(nn::Sigmoid()(x), map(sigmoid));
  // Softmax over rows, log-softmax over columns.
  std::vector<double> softmax(6), logSoftmax(6);
  for (int r = 0; r < 2; ++r) {
    double total = 0;
    for (int c = 0; c < 3; ++c)
      total += std::exp(v[r * 3 + c]);
    for (int c = 0; c < 3; ++c)
      softmax[r * 3 + c] = std::exp(v[r * 3 + c]) / total;
  }
  for (int c = 0; c < 3; ++c) {
    double total = std::exp(v[c]) + std::exp(v[3 + c]);
    logSoftmax[c] = v[c] - std::log(total);
    logSoftmax[3 + c] = v[3 + c] - std::log(total);
  }
  expectValues(nn::Softmax(1)(x), softmax);
  expectValues(nn::LogSoftmax(0)(x), logSoftmax);
  EXPECT_THROW(nn::GELU(nn::GELUOptions().approximate("fast"))(x), kiln::Error);

  Tensor images = kiln::arange(24, kiln::kFloat32).reshape({2, 3, 2, 2});
  Tensor flat = nn::Flatten()(images);
  EXPECT_EQ(flat.sizes(), (std::vector<int64_t>{2, 12}));
  std::vector<double> counting(24);
  std::iota(counting.begin(), counting.end(), 0);
  expectValues(flat, counting);
  EXPECT_EQ(
      nn::Flatten(nn::FlattenOptions().start_dim(0).end_dim(1))(images).sizes(),
      (std::vector<int64_t>{6, 2, 2}));
}

TEST(LayersTest, ActivationModuleGradients) {
  kiln::manual_seed(11);
  Tensor x = uniform({2, 3}, -2, 2);
  std::vector<std::function<Tensor(const Tensor &)>> modules = {
      nn::ReLU(),
      nn::GELU(),
      nn::GELU(nn::GELUOptions().approximate("tanh")),
      nn::SiLU(),
      nn::Tanh(),
      nn::Sigmoid(),
      nn::Softmax(1),
      nn::LogSoftmax(0),
      nn::Flatten(nn::FlattenOptions().start_dim(0))};
  for (size_t i = 0; i < modules.size(); ++i) {
    SCOPED_TRACE("module " + std::to_string(i));
    gradcheck([&](auto &in) { return modules[i](in[0]); }, {x});
  }
}

TEST(LayersTest, ModuleErrorsNameTheCallersLine) {
  Tensor x = kiln::ones({2, 3});
  auto expectLine = [](const std::function<void()> &call, int line) {
    try {
      call();
      FAIL() << "expected kiln::Error";
    } catch (const kiln::Error &error) {
      EXPECT_EQ(error.where().line(), static_cast<unsigned>(line))
          << error.what();
      EXPECT_NE(std::string(error.where().file_name()).find("LayersTest.cpp"),
                std::string::npos)
          << error.what();
    }
  };
  nn::Softmax softmax(5);
  expectLine([&] { softmax(x); }, __LINE__);
  expectLine([&] { softmax->forward(x); }, __LINE__);
  nn::Sequential seq(nn::ReLU(), nn::LayerNorm(std::vector<int64_t>{4}));
  expectLine([&] { seq(x); }, __LINE__);
  try {
    seq(x);
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("kiln.layer_norm"),
              std::string::npos);
    EXPECT_NE(std::string(error.what()).find("[2, 3]"), std::string::npos)
        << error.what();
  }
}

TEST(LayersTest, DropoutInTrainingAndEval) {
  kiln::manual_seed(5);
  const double p = 0.3;
  Tensor x = uniform({100000}, 1, 2, kiln::kFloat32);
  nn::Dropout dropout(p);
  std::vector<float> in = x.to_vector<float>();
  std::vector<float> out = dropout(x).to_vector<float>();
  float scale = static_cast<float>(1 / (1 - p));
  int64_t zeros = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0)
      ++zeros;
    else
      ASSERT_EQ(out[i], in[i] * scale) << "element " << i;
  }
  // 3 standard deviations of the fraction are 0.0043.
  EXPECT_NEAR(static_cast<double>(zeros) / out.size(), p, 0.01);

  dropout->eval();
  EXPECT_EQ(dropout(x).to_vector<float>(), in);
  EXPECT_EQ(kiln::dropout(x, 0.5, false).to_vector<float>(), in);
  EXPECT_EQ(
      F::dropout(x, F::DropoutFuncOptions().training(false)).to_vector<float>(),
      in);
  EXPECT_EQ(kiln::dropout(x, 0, true).to_vector<float>(), in);
  for (float e : kiln::dropout(x, 1, true).to_vector<float>())
    ASSERT_EQ(e, 0);
  EXPECT_THROW(kiln::dropout(x, 1.5, true), kiln::Error);
  EXPECT_THROW(nn::Dropout(-0.1)(x), kiln::Error);

  // The gradient is the mask, scaled.
  Tensor leaf = uniform({64}, 1, 2).requires_grad_();
  Tensor y = kiln::dropout(leaf, 0.5, true);
  y.sum().backward();
  std::vector<double> kept = y.to_vector<double>(),
                      grad = leaf.grad().to_vector<double>();
  for (size_t i = 0; i < kept.size(); ++i)
    EXPECT_EQ(grad[i], kept[i] == 0 ? 0.0 : 2.0) << "element " << i;
}

TEST(LayersTest, Dropout2dZeroesWholeChannels) {
  kiln::manual_seed(6);
  const int64_t n = 64, c = 32, hw = 9;
  Tensor x = kiln::ones({n, c, 3, 3});
  nn::Dropout2d dropout(0.5);
  std::vector<float> out = dropout(x).to_vector<float>();
  int64_t dropped = 0;
  for (int64_t channel = 0; channel < n * c; ++channel) {
    float first = out[channel * hw];
    ASSERT_TRUE(first == 0 || first == 2) << "channel " << channel;
    for (int64_t i = 1; i < hw; ++i)
      ASSERT_EQ(out[channel * hw + i], first) << "channel " << channel;
    dropped += first == 0;
  }
  // 2048 channels: 3 standard deviations of the fraction are 0.033.
  EXPECT_NEAR(static_cast<double>(dropped) / (n * c), 0.5, 0.05);

  // One image [C, H, W]: channels are its first dimension.
  std::vector<float> image = dropout(kiln::ones({c, 3, 3})).to_vector<float>();
  for (int64_t channel = 0; channel < c; ++channel)
    for (int64_t i = 1; i < hw; ++i)
      ASSERT_EQ(image[channel * hw + i], image[channel * hw]);
  std::vector<float> features =
      kiln::feature_dropout(kiln::ones({16, 8, 5}), 0.5, true)
          .to_vector<float>();
  for (int64_t channel = 0; channel < 16 * 8; ++channel)
    for (int64_t i = 1; i < 5; ++i)
      ASSERT_EQ(features[channel * 5 + i], features[channel * 5]);

  dropout->eval();
  for (float e : dropout(x).to_vector<float>())
    ASSERT_EQ(e, 1);
  EXPECT_THROW(dropout(kiln::ones({4, 4})), kiln::Error);
}

/// Layer normalization of `rows` rows of `width` elements, in double.
std::vector<double> layerNormReference(const std::vector<double> &x,
                                       size_t width,
                                       const std::vector<double> &weight,
                                       const std::vector<double> &bias) {
  std::vector<double> result(x.size());
  for (size_t row = 0; row < x.size() / width; ++row) {
    double mean = 0, variance = 0;
    for (size_t i = 0; i < width; ++i)
      mean += x[row * width + i] / width;
    for (size_t i = 0; i < width; ++i)
      variance += std::pow(x[row * width + i] - mean, 2) / width;
    for (size_t i = 0; i < width; ++i)
      result[row * width + i] =
          (x[row * width + i] - mean) / std::sqrt(variance + 1e-5) * weight[i] +
          bias[i];
  }
  return result;
}

TEST(LayersTest, LayerNormMatchesLoopsAndGradients) {
  kiln::manual_seed(7);
  Tensor x = uniform({2, 3, 4}, -2, 2, kiln::kFloat32);
  std::vector<double> v = x.to_vector<double>();
  nn::LayerNorm norm(nn::LayerNormOptions({3, 4}));
  ASSERT_EQ(norm->named_parameters().size(), 2u);
  std::vector<double> ones(12, 1), zeros(12, 0), weight(12), bias(12);
  expectValues(norm(x), layerNormReference(v, 12, ones, zeros), 1e-4);
  for (int i = 0; i < 12; ++i) {
    weight[i] = 0.5 + 0.1 * i;
    bias[i] = -0.3 + 0.05 * i;
  }
  {
    kiln::NoGradGuard noGrad;
    norm->weight.copy_(fromValues(weight, {3, 4}));
    norm->bias.copy_(fromValues(bias, {3, 4}));
  }
  expectValues(norm(x), layerNormReference(v, 12, weight, bias), 1e-4);
  std::vector<double> lastWeight(weight.begin(), weight.begin() + 4),
      lastBias(bias.begin(), bias.begin() + 4);
  expectValues(F::layer_norm(x, F::LayerNormFuncOptions({4})
                                    .weight(fromValues(lastWeight, {4}))
                                    .bias(fromValues(lastBias, {4}))),
               layerNormReference(v, 4, lastWeight, lastBias), 1e-4);
  EXPECT_TRUE(nn::LayerNorm(nn::LayerNormOptions({4}).elementwise_affine(false))
                  ->named_parameters()
                  .empty());
  EXPECT_THROW(norm(kiln::ones({3, 3})), kiln::Error);
  EXPECT_THROW(kiln::layer_norm(x, {4}, kiln::ones({3})), kiln::Error);

  Tensor input = uniform({2, 4}, -2, 2), w = uniform({4}, 0.5, 1.5),
         b = uniform({4}, -1, 1);
  gradcheck([](auto &in) { return kiln::layer_norm(in[0], {4}, in[1], in[2]); },
            {input, w, b});
}

/// Batch statistics per channel of an input [N, C, S...] (S flattened):
/// the mean and the biased and unbiased variances.
struct ChannelStats {
  std::vector<double> mean, biased, unbiased;
};
ChannelStats channelStats(const std::vector<double> &x, size_t n, size_t c,
                          size_t s) {
  ChannelStats stats{std::vector<double>(c), std::vector<double>(c),
                     std::vector<double>(c)};
  double count = static_cast<double>(n * s);
  for (size_t ch = 0; ch < c; ++ch) {
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < s; ++j)
        stats.mean[ch] += x[(i * c + ch) * s + j] / count;
    double squares = 0;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < s; ++j)
        squares += std::pow(x[(i * c + ch) * s + j] - stats.mean[ch], 2);
    stats.biased[ch] = squares / count;
    stats.unbiased[ch] = squares / (count - 1);
  }
  return stats;
}

std::vector<double> normalized(const std::vector<double> &x, size_t c, size_t s,
                               const std::vector<double> &mean,
                               const std::vector<double> &variance) {
  std::vector<double> result(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    size_t ch = i / s % c;
    result[i] = (x[i] - mean[ch]) / std::sqrt(variance[ch] + 1e-5);
  }
  return result;
}

TEST(LayersTest, BatchNormTrainingStepsAndEval) {
  kiln::manual_seed(8);
  nn::BatchNorm1d norm(3);
  std::vector<std::string> names;
  for (auto &[name, tensor] : norm->named_buffers())
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"running_mean", "running_var",
                                             "num_batches_tracked"}));
  Tensor x1 = uniform({4, 3}, -1, 3, kiln::kFloat32),
         x2 = uniform({4, 3}, 0, 5, kiln::kFloat32);
  ChannelStats s1 = channelStats(x1.to_vector<double>(), 4, 3, 1),
               s2 = channelStats(x2.to_vector<double>(), 4, 3, 1);
  expectValues(norm(x1),
               normalized(x1.to_vector<double>(), 3, 1, s1.mean, s1.biased),
               1e-4);
  norm(x2);
  // running = 0.9 * running + 0.1 * batch, from mean 0 and variance 1,
  // with the unbiased batch variance.
  std::vector<double> mean(3), variance(3);
  for (int ch = 0; ch < 3; ++ch) {
    mean[ch] = 0.9 * (0.1 * s1.mean[ch]) + 0.1 * s2.mean[ch];
    variance[ch] =
        0.9 * (0.9 * 1 + 0.1 * s1.unbiased[ch]) + 0.1 * s2.unbiased[ch];
  }
  expectValues(norm->running_mean, mean);
  expectValues(norm->running_var, variance);
  EXPECT_EQ(norm->num_batches_tracked.item<int64_t>(), 2);
  norm->eval();
  expectValues(norm(x1),
               normalized(x1.to_vector<double>(), 3, 1, mean, variance), 1e-4);
  EXPECT_EQ(norm->num_batches_tracked.item<int64_t>(), 2);
  norm->reset_running_stats();
  expectValues(norm->running_var, {1, 1, 1});

  // Without a momentum the running statistics average all batches.
  nn::BatchNorm1d average(nn::BatchNormOptions(3).momentum(std::nullopt));
  average(x1);
  average(x2);
  for (int ch = 0; ch < 3; ++ch) {
    mean[ch] = (s1.mean[ch] + s2.mean[ch]) / 2;
    variance[ch] = (s1.unbiased[ch] + s2.unbiased[ch]) / 2;
  }
  expectValues(average->running_mean, mean);
  expectValues(average->running_var, variance);

  // [N, C, L] inputs are normalized over N and L.
  Tensor sequence = uniform({2, 3, 4}, -1, 1, kiln::kFloat32);
  ChannelStats s3 = channelStats(sequence.to_vector<double>(), 2, 3, 4);
  expectValues(
      nn::BatchNorm1d(3)(sequence),
      normalized(sequence.to_vector<double>(), 3, 4, s3.mean, s3.biased), 1e-4);

  nn::BatchNorm1d untracked(
      nn::BatchNormOptions(3).track_running_stats(false).affine(false));
  EXPECT_TRUE(untracked->named_buffers().empty());
  EXPECT_TRUE(untracked->named_parameters().empty());
  untracked->eval(); // still the batch's statistics
  expectValues(untracked(x1),
               normalized(x1.to_vector<double>(), 3, 1, s1.mean, s1.biased),
               1e-4);
  EXPECT_THROW(norm(kiln::ones({2, 3, 4, 5})), kiln::Error);
  norm->train();
  EXPECT_THROW(norm(kiln::ones({1, 3})), kiln::Error); // one value each
}

TEST(LayersTest, BatchNorm2dMatchesLoops) {
  kiln::manual_seed(9);
  nn::BatchNorm2d norm(2);
  {
    kiln::NoGradGuard noGrad;
    norm->weight.copy_(kiln::tensor({2.0, 0.5}));
    norm->bias.copy_(kiln::tensor({1.0, -1.0}));
  }
  Tensor x = uniform({3, 2, 2, 2}, -2, 2, kiln::kFloat32);
  std::vector<double> v = x.to_vector<double>();
  ChannelStats s = channelStats(v, 3, 2, 4);
  std::vector<double> expected = normalized(v, 2, 4, s.mean, s.biased);
  for (size_t i = 0; i < expected.size(); ++i)
    expected[i] = expected[i] * (i / 4 % 2 == 0 ? 2.0 : 0.5) +
                  (i / 4 % 2 == 0 ? 1.0 : -1.0);
  expectValues(norm(x), expected, 1e-4);
  expectValues(norm->running_mean, {0.1 * s.mean[0], 0.1 * s.mean[1]});
  expectValues(norm->running_var,
               {0.9 + 0.1 * s.unbiased[0], 0.9 + 0.1 * s.unbiased[1]});
  EXPECT_THROW(norm(kiln::ones({2, 2, 3})), kiln::Error);
}

TEST(LayersTest, BatchNormGradients) {
  kiln::manual_seed(10);
  Tensor x = uniform({3, 2, 2}, -2, 2), w = uniform({2}, 0.5, 1.5),
         b = uniform({2}, -1, 1);
  gradcheck(
      [](auto &in) {
        return F::batch_norm(
            in[0], Tensor(), Tensor(),
            F::BatchNormFuncOptions().weight(in[1]).bias(in[2]).training(true));
      },
      {x, w, b});
  Tensor mean = kiln::tensor({0.5, -0.5}, kiln::kFloat64),
         variance = kiln::tensor({2.0, 0.5}, kiln::kFloat64);
  gradcheck(
      [&](auto &in) {
        return kiln::batch_norm(in[0], in[1], in[2], mean, variance, false, 0.1,
                                1e-5);
      },
      {x, w, b});
}

TEST(LayersTest, EmbeddingLooksUpRows) {
  kiln::manual_seed(12);
  nn::Embedding embedding(5, 3);
  std::vector<double> table = embedding->weight.to_vector<double>();
  Tensor indices = kiln::tensor({{0, 4}, {2, 2}}, kiln::kInt64);
  Tensor rows = embedding(indices);
  EXPECT_EQ(rows.sizes(), (std::vector<int64_t>{2, 2, 3}));
  std::vector<double> expected;
  for (int index : {0, 4, 2, 2})
    expected.insert(expected.end(), table.begin() + index * 3,
                    table.begin() + index * 3 + 3);
  expectValues(rows, expected, 0);
  expectValues(F::embedding(kiln::tensor({3}, kiln::kInt32), embedding->weight),
               std::vector<double>(table.begin() + 9, table.begin() + 12), 0);
  EXPECT_THROW(embedding(kiln::tensor({1.0, 2.0})), kiln::Error);

  // Rows picked twice get both gradients.
  gradcheck([&](auto &in) { return kiln::embedding(in[0], indices); },
            {uniform({5, 3}, -1, 1)});

  // weight ~ N(0, 1).
  nn::Embedding large(1000, 100);
  std::vector<double> w = large->weight.to_vector<double>();
  double mean = std::accumulate(w.begin(), w.end(), 0.0) / w.size();
  double square = 0;
  for (double e : w)
    square += (e - mean) * (e - mean) / w.size();
  EXPECT_NEAR(mean, 0, 0.02);
  EXPECT_NEAR(std::sqrt(square), 1, 0.02);
}

TEST(LayersTest, EmbeddingPaddingRowStartsAtZerosAndGetsNoGradient) {
  kiln::manual_seed(15);
  // -1 counts from the end: row 3.
  nn::Embedding embedding(nn::EmbeddingOptions(4, 2).padding_idx(-1));
  std::vector<double> table = embedding->weight.to_vector<double>();
  EXPECT_EQ(table[6], 0);
  EXPECT_EQ(table[7], 0);
  EXPECT_NE(table[0], 0);
  Tensor indices = kiln::tensor({3, 0, 3, 1}, kiln::kInt64);
  Tensor rows = embedding(indices);
  expectValues(rows, {0, 0, table[0], table[1], 0, 0, table[2], table[3]}, 0);
  (rows * 2).sum().backward();
  // Each row's gradient is 2 per lookup, none for the padding row.
  expectValues(embedding->weight.grad(), {2, 2, 2, 2, 0, 0, 0, 0}, 0);

  // The functional form: the padding row keeps its value but no gradient.
  Tensor weight = uniform({4, 2}, -1, 1);
  weight.requires_grad_();
  F::embedding(indices, weight, F::EmbeddingFuncOptions().padding_idx(0))
      .sum()
      .backward();
  expectValues(weight.grad(), {0, 0, 1, 1, 0, 0, 2, 2}, 0);
  // The other rows' gradients are untouched (the padding row's value is
  // used, so differences would see it: it is not looked up here).
  Tensor withoutPadding = kiln::tensor({3, 0, 3, 2}, kiln::kInt64);
  gradcheck(
      [&](auto &in) {
        return F::embedding(withoutPadding, in[0],
                            F::EmbeddingFuncOptions().padding_idx(1));
      },
      {uniform({4, 2}, -1, 1)});
  EXPECT_THROW(
      F::embedding(indices, weight, F::EmbeddingFuncOptions().padding_idx(4)),
      kiln::Error);
  EXPECT_THROW(nn::Embedding(nn::EmbeddingOptions(4, 2).padding_idx(-5)),
               kiln::Error);
}

TEST(LayersTest, LossesMatchHandComputedValues) {
  Tensor input = kiln::tensor({{0.5, -1.0}, {2.0, 0.0}});
  Tensor target = kiln::tensor({{1.0, 1.0}, {0.0, 0.5}});
  expectValues(F::l1_loss(input, target, kiln::kNone), {0.5, 2, 2, 0.5});
  expectValues(F::l1_loss(input, target), {1.25});
  expectValues(F::l1_loss(input, target, kiln::kSum), {5});

  // -w * (p * y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x))), with
  // the positive weight p per column.
  std::vector<double> x = {0.5, -1, 2, 0}, y = {1, 1, 0, 0.5},
                      w = {1, 2, 0.5, 1}, p = {3, 0.5};
  auto bce = [&](bool weighted, bool positive) {
    std::vector<double> losses;
    for (int i = 0; i < 4; ++i) {
      double s = sigmoid(x[i]), pw = positive ? p[i % 2] : 1;
      losses.push_back(-(weighted ? w[i] : 1) * (pw * y[i] * std::log(s) +
                                                 (1 - y[i]) * std::log(1 - s)));
    }
    return losses;
  };
  using BCEOptions = F::BinaryCrossEntropyWithLogitsFuncOptions;
  expectValues(F::binary_cross_entropy_with_logits(
                   input, target, BCEOptions().reduction(kiln::kNone)),
               bce(false, false));
  std::vector<double> all = bce(true, true);
  expectValues(F::binary_cross_entropy_with_logits(
                   input, target,
                   BCEOptions()
                       .weight(fromValues(w, {2, 2}))
                       .pos_weight(kiln::tensor({3.0, 0.5}))
                       .reduction(kiln::kSum)),
               {std::accumulate(all.begin(), all.end(), 0.0)});
  std::vector<double> positive = bce(false, true);
  expectValues(
      F::binary_cross_entropy_with_logits(
          input, target, BCEOptions().pos_weight(kiln::tensor({3.0, 0.5}))),
      {std::accumulate(positive.begin(), positive.end(), 0.0) / 4});
  // Large logits stay finite: log(1 + e^-60) is 0 in float.
  expectValues(F::binary_cross_entropy_with_logits(
                   kiln::tensor({60.0, -60.0}), kiln::tensor({0.0, 1.0}),
                   BCEOptions().reduction(kiln::kNone)),
               {60, 60});
  EXPECT_THROW(F::binary_cross_entropy_with_logits(input, kiln::ones({2})),
               kiln::Error);

  // Label smoothing: the target is (1 - e) * one_hot + e / C.
  Tensor logits = kiln::tensor({{1, 2, 3}, {1, 0, -1}});
  Tensor classes = kiln::tensor({2, 0}, kiln::kInt64);
  std::vector<std::vector<double>> rows = {{1, 2, 3}, {1, 0, -1}};
  const double e = 0.1;
  std::vector<double> smoothed;
  for (int i = 0; i < 2; ++i) {
    double total = 0;
    for (double z : rows[i])
      total += std::exp(z);
    double loss = 0;
    for (int c = 0; c < 3; ++c) {
      double q = (c == (i == 0 ? 2 : 0) ? 1 - e : 0) + e / 3;
      loss -= q * (rows[i][c] - std::log(total));
    }
    smoothed.push_back(loss);
  }
  using CEOptions = F::CrossEntropyFuncOptions;
  expectValues(
      F::cross_entropy(logits, classes,
                       CEOptions().label_smoothing(e).reduction(kiln::kNone)),
      smoothed);
  expectValues(
      F::cross_entropy(logits, classes, CEOptions().label_smoothing(e)),
      {(smoothed[0] + smoothed[1]) / 2});
  // Without smoothing the options form matches the old overloads.
  expectValues(
      F::cross_entropy(logits, classes, CEOptions().reduction(kiln::kSum)),
      {F::cross_entropy(logits, classes, kiln::kSum).item<double>()});
  EXPECT_THROW(
      F::cross_entropy(logits, classes, CEOptions().label_smoothing(1.5)),
      kiln::Error);
}

/// PyTorch's cross entropy with class weights `w`, ignored target `ignore`
/// and label smoothing `e`, computed here in double: per-sample losses and
/// the weights the mean divides by.
std::pair<std::vector<double>, std::vector<double>>
referenceCrossEntropy(const std::vector<std::vector<double>> &rows,
                      const std::vector<int64_t> &targets,
                      const std::vector<double> &w, int64_t ignore, double e) {
  std::vector<double> losses, weights;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (targets[i] == ignore) {
      losses.push_back(0);
      weights.push_back(0);
      continue;
    }
    double total = 0;
    for (double z : rows[i])
      total += std::exp(z);
    double nll = 0, smooth = 0;
    for (size_t c = 0; c < rows[i].size(); ++c) {
      double logp = rows[i][c] - std::log(total);
      if (static_cast<int64_t>(c) == targets[i])
        nll = -w[c] * logp;
      smooth -= w[c] * logp / rows[i].size();
    }
    losses.push_back((1 - e) * nll + e * smooth);
    weights.push_back(w[targets[i]]);
  }
  return {losses, weights};
}

TEST(LayersTest, ClassWeightsAndIgnoredTargets) {
  std::vector<std::vector<double>> rows = {
      {1, 2, 3}, {1, 0, -1}, {0.5, -2, 1}, {2, 2, -1}};
  Tensor logits =
      kiln::tensor({{1, 2, 3}, {1, 0, -1}, {0.5, -2, 1}, {2, 2, -1}});
  // The second sample is ignored: its target, -100, is never an index.
  Tensor classes = kiln::tensor({2, -100, 0, 1}, kiln::kInt64);
  std::vector<int64_t> targets = {2, -100, 0, 1};
  std::vector<double> w = {0.5, 2.0, 1.5};
  Tensor weight = kiln::tensor({0.5, 2.0, 1.5});
  using CEOptions = F::CrossEntropyFuncOptions;
  for (double e : {0.0, 0.2}) {
    auto [losses, weights] = referenceCrossEntropy(rows, targets, w, -100, e);
    double sum = std::accumulate(losses.begin(), losses.end(), 0.0);
    double counted = std::accumulate(weights.begin(), weights.end(), 0.0);
    CEOptions options = CEOptions().weight(weight).label_smoothing(e);
    expectValues(F::cross_entropy(logits, classes,
                                  CEOptions(options).reduction(kiln::kNone)),
                 losses);
    expectValues(F::cross_entropy(logits, classes,
                                  CEOptions(options).reduction(kiln::kSum)),
                 {sum});
    expectValues(F::cross_entropy(logits, classes, options), {sum / counted});
  }
  // Without weights, the mean counts the samples not ignored; any class can
  // be the ignored one.
  auto [plain, ones] =
      referenceCrossEntropy(rows, {2, 1, 0, 1}, {1, 1, 1}, 1, 0);
  expectValues(F::cross_entropy(logits,
                                kiln::tensor({2, 1, 0, 1}, kiln::kInt64),
                                CEOptions().ignore_index(1)),
               {(plain[0] + plain[2]) / 2});
  // nll_loss takes log-probabilities: the same losses without smoothing.
  auto [nll, nllWeights] = referenceCrossEntropy(rows, targets, w, -100, 0);
  expectValues(F::nll_loss(logits.log_softmax(1), classes,
                           F::NLLLossFuncOptions().weight(weight)),
               {std::accumulate(nll.begin(), nll.end(), 0.0) /
                std::accumulate(nllWeights.begin(), nllWeights.end(), 0.0)});
  // An ignored row may hold -inf log-probabilities (a masked class): its
  // loss is 0, not -inf * 0.
  const double inf = std::numeric_limits<double>::infinity();
  Tensor masked = kiln::tensor({{-inf, 0.0, 0.0}, {1.0, 2.0, 3.0}});
  Tensor firstIgnored = kiln::tensor({-100, 2}, kiln::kInt64);
  auto [kept, keptWeights] =
      referenceCrossEntropy({{1, 2, 3}}, {2}, {1, 1, 1}, -100, 0.1);
  expectValues(
      F::cross_entropy(masked, firstIgnored, CEOptions().label_smoothing(0.1)),
      {kept[0]});
  EXPECT_THROW(
      F::cross_entropy(logits, classes, CEOptions().weight(kiln::ones({2}))),
      kiln::Error);
  EXPECT_THROW(F::nll_loss(logits, classes,
                           F::NLLLossFuncOptions().weight(kiln::ones({3, 1}))),
               kiln::Error);
}

TEST(LayersTest, LossGradients) {
  kiln::manual_seed(13);
  Tensor input = uniform({2, 3}, -2, 2), target = uniform({2, 3}, 0, 1);
  // Differences away from 0, where |x| has no derivative.
  Tensor apart = input + 5;
  gradcheck([&](auto &in) { return F::l1_loss(in[0], target); }, {apart});
  Tensor weight = uniform({2, 3}, 0.5, 2), positive = uniform({3}, 0.5, 3);
  gradcheck(
      [&](auto &in) {
        return F::binary_cross_entropy_with_logits(
            in[0], in[1],
            F::BinaryCrossEntropyWithLogitsFuncOptions()
                .weight(weight)
                .pos_weight(positive));
      },
      {input, target});
  Tensor classes = kiln::tensor({2, 0}, kiln::kInt64);
  gradcheck(
      [&](auto &in) {
        return F::cross_entropy(
            in[0], classes, F::CrossEntropyFuncOptions().label_smoothing(0.2));
      },
      {input});
  // Class weights and an ignored sample: its row gets no gradient.
  Tensor someIgnored = kiln::tensor({2, -100}, kiln::kInt64);
  Tensor classWeight = uniform({3}, 0.5, 2);
  gradcheck(
      [&](auto &in) {
        return F::cross_entropy(in[0], someIgnored,
                                F::CrossEntropyFuncOptions()
                                    .weight(classWeight)
                                    .label_smoothing(0.1));
      },
      {input});
}

/// A module of the user's own: Sequential takes any forward(Tensor).
struct Doubler : nn::Module {
  Tensor forward(const Tensor &input) { return input * 2; }
};

TEST(LayersTest, SequentialNamesChildrenAndChainsThem) {
  kiln::manual_seed(14);
  nn::Sequential seq(nn::Linear(4, 3), nn::ReLU(), nn::Linear(3, 2));
  std::vector<std::string> names;
  for (auto &[name, tensor] : seq->named_parameters())
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"0.weight", "0.bias", "2.weight",
                                             "2.bias"}));
  Tensor x = uniform({5, 4}, -1, 1, kiln::kFloat32);
  nn::LinearImpl &first = seq->at<nn::LinearImpl>(0);
  nn::LinearImpl &last = seq->at<nn::LinearImpl>(2);
  std::vector<double> manual =
      F::linear(F::linear(x, first.weight, first.bias).relu(), last.weight,
                last.bias)
          .to_vector<double>();
  expectValues(seq(x), manual);
  expectValues(seq->forward(x), manual);

  seq->push_back(std::make_shared<Doubler>());
  seq->push_back(nn::Sequential(nn::Linear(2, 2)));
  EXPECT_EQ(seq->size(), 5u);
  std::vector<double> doubled =
      seq[4]->named_parameters().front().second.to_vector<double>();
  EXPECT_EQ(seq->named_parameters().back().first, "4.0.bias");
  EXPECT_EQ(seq->named_children()[3].first, "3");
  EXPECT_EQ(seq(x).sizes(), (std::vector<int64_t>{5, 2}));
  EXPECT_EQ(doubled.size(), 4u);
  EXPECT_THROW(seq->at<nn::LinearImpl>(1), kiln::Error);
  EXPECT_THROW(seq->ptr(5), kiln::Error);

  // train() and eval() reach the children.
  nn::Sequential dropping(nn::Dropout(0.9));
  dropping->eval();
  EXPECT_FALSE(dropping->ptr(0)->is_training());
  expectValues(dropping(x), x.to_vector<double>(), 0);
  expectValues(nn::Sequential()(x), x.to_vector<double>(), 0);
}

TEST(LayersTest, ModuleListIndexesAndIterates) {
  struct Net : nn::Module {
    Net() { register_module("layers", layers.ptr()); }
    nn::ModuleList layers{nn::Linear(2, 2), nn::ReLU()};
  } net;
  net.layers->push_back(nn::BatchNorm1d(2));
  EXPECT_EQ(net.layers->size(), 3u);
  std::vector<std::string> names;
  for (auto &[name, tensor] : net.named_parameters())
    names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"layers.0.weight", "layers.0.bias",
                                      "layers.2.weight", "layers.2.bias"}));
  EXPECT_EQ(net.named_buffers().front().first, "layers.2.running_mean");
  int count = 0;
  for (const std::shared_ptr<nn::Module> &module : *net.layers)
    count += module != nullptr;
  EXPECT_EQ(count, 3);
  EXPECT_EQ(net.layers[0], net.layers->ptr(0));
  EXPECT_NE(std::dynamic_pointer_cast<nn::ReLUImpl>(net.layers[1]), nullptr);
  nn::BatchNorm1dImpl &norm = net.layers->at<nn::BatchNorm1dImpl>(2);
  net.eval();
  EXPECT_FALSE(norm.is_training());
  EXPECT_THROW(net.layers[3], kiln::Error);
}

TEST(LayersTest, InitFansAndGains) {
  auto fans = [](std::vector<int64_t> shape) {
    return nn::init::_calculate_fan_in_and_fan_out(kiln::empty(shape));
  };
  EXPECT_EQ(fans({6, 4}), std::make_tuple(int64_t{4}, int64_t{6}));
  // A convolution's weight [out, in, kh, kw]: the kernel multiplies both.
  EXPECT_EQ(fans({8, 3, 5, 5}), std::make_tuple(int64_t{75}, int64_t{200}));
  EXPECT_THROW(fans({5}), kiln::Error);
  using nn::init::calculate_gain;
  EXPECT_EQ(calculate_gain(kiln::kLinear), 1);
  EXPECT_EQ(calculate_gain(kiln::kConv2D), 1);
  EXPECT_EQ(calculate_gain(kiln::kSigmoid), 1);
  EXPECT_DOUBLE_EQ(calculate_gain(kiln::kTanh), 5.0 / 3);
  EXPECT_DOUBLE_EQ(calculate_gain(kiln::kReLU), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(calculate_gain(kiln::kLeakyReLU, 0.2), std::sqrt(2 / 1.04));
  EXPECT_DOUBLE_EQ(calculate_gain(kiln::kSELU), 0.75);
}

/// Mean and standard deviation, and the largest magnitude, of `t`.
struct Moments {
  double mean, std, largest;
};
Moments moments(const Tensor &t) {
  std::vector<double> v = t.to_vector<double>();
  Moments m{std::accumulate(v.begin(), v.end(), 0.0) / v.size(), 0, 0};
  for (double e : v) {
    m.std += (e - m.mean) * (e - m.mean) / v.size();
    m.largest = std::max(m.largest, std::fabs(e));
  }
  m.std = std::sqrt(m.std);
  return m;
}

TEST(LayersTest, InitDistributions) {
  kiln::manual_seed(15);
  namespace init = nn::init;
  // A parameter keeps its tensor: modules and optimizers see the values.
  Tensor w = kiln::zeros({256, 512}).requires_grad_();
  auto impl = w.unsafeImpl();
  init::uniform_(w, -0.5, 1.5);
  EXPECT_EQ(w.unsafeImpl(), impl);
  EXPECT_TRUE(w.requires_grad() && w.is_leaf());
  std::vector<double> v = w.to_vector<double>();
  EXPECT_GE(*std::min_element(v.begin(), v.end()), -0.5);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 1.5);
  // U(a, b) has mean (a + b) / 2 and std (b - a) / sqrt(12); 131072 samples.
  Moments m = moments(w);
  EXPECT_NEAR(m.mean, 0.5, 0.01);
  EXPECT_NEAR(m.std, 2 / std::sqrt(12.0), 0.01);

  m = moments(init::normal_(w, 2, 0.5));
  EXPECT_NEAR(m.mean, 2, 0.01);
  EXPECT_NEAR(m.std, 0.5, 0.01);

  // fan_in 512, fan_out 256.
  double bound = std::sqrt(6.0 / 512);
  m = moments(init::kaiming_uniform_(w, 0, kiln::kFanIn, kiln::kReLU));
  EXPECT_LE(m.largest, bound * (1 + 1e-6));
  EXPECT_GT(m.largest, bound * 0.99);
  EXPECT_NEAR(m.std, bound / std::sqrt(3.0), 0.01 * bound);
  m = moments(init::kaiming_normal_(w, 0, kiln::kFanOut));
  EXPECT_NEAR(m.mean, 0, 0.01);
  EXPECT_NEAR(m.std, std::sqrt(2.0 / 256), 0.01 * std::sqrt(2.0 / 256));
  bound = 2 * std::sqrt(6.0 / (512 + 256));
  m = moments(init::xavier_uniform_(w, 2));
  EXPECT_LE(m.largest, bound * (1 + 1e-6));
  EXPECT_GT(m.largest, bound * 0.99);
  m = moments(init::xavier_normal_(w));
  EXPECT_NEAR(m.std, std::sqrt(2.0 / 768), 0.01 * std::sqrt(2.0 / 768));

  expectValues(init::constant_(kiln::empty({3}), 2.5), {2.5, 2.5, 2.5});
  expectValues(init::ones_(kiln::empty({2})), {1, 1});
  expectValues(init::zeros_(kiln::empty({2})), {0, 0});
  EXPECT_THROW(init::uniform_(kiln::empty({2}, kiln::kInt64)), kiln::Error);
  EXPECT_THROW(init::kaiming_uniform_(kiln::empty({4})), kiln::Error);
  EXPECT_THROW(init::normal_(w, 0, -1), kiln::Error);

  // Linear's default: kaiming_uniform_(a = sqrt(5)), bound 1 / sqrt(in).
  nn::Linear linear(400, 300);
  m = moments(linear->weight);
  EXPECT_LE(m.largest, 0.05 * (1 + 1e-6));
  EXPECT_GT(m.largest, 0.05 * 0.99);
  m = moments(linear->bias);
  EXPECT_LE(m.largest, 0.05 * (1 + 1e-6));
}

TEST(LayersTest, ReductionsOverSeveralDimsAndVar) {
  Tensor x = kiln::arange(24, kiln::kFloat64).reshape({2, 3, 4}) * 0.5;
  x = x * x; // not evenly spaced, so the variances differ
  std::vector<double> v = x.to_vector<double>();
  auto at = [&](int i, int j, int k) { return v[(i * 3 + j) * 4 + k]; };
  std::vector<double> sums(3, 0), variances(3, 0), biased(3);
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 4; ++k)
        sums[j] += at(i, j, k);
    double mean = sums[j] / 8;
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 4; ++k)
        variances[j] += std::pow(at(i, j, k) - mean, 2);
    biased[j] = variances[j] / 8;
    variances[j] /= 7;
  }
  expectValues(x.sum({0, 2}), sums, 1e-9);
  Tensor means = x.mean({2, 0}, true);
  EXPECT_EQ(means.sizes(), (std::vector<int64_t>{1, 3, 1}));
  expectValues(means, {sums[0] / 8, sums[1] / 8, sums[2] / 8}, 1e-9);
  expectValues(x.var({0, -1}), variances, 1e-9);
  expectValues(x.var({0, 2}, false), biased, 1e-9);
  expectValues(x.sum(std::vector<int64_t>{}), {x.sum().item<double>()}, 1e-9);
  double mean = x.mean().item<double>(), all = 0;
  for (double e : v)
    all += (e - mean) * (e - mean) / 23;
  expectValues(x.var(std::vector<int64_t>{}), {all}, 1e-9);
  expectValues(kiln::tensor({1.0, 2.0, 4.0}).var(0), {7.0 / 3}, 1e-6);
  EXPECT_THROW(x.sum({1, -2}), kiln::Error);
  EXPECT_THROW(kiln::arange(3, kiln::kInt64).mean(std::vector<int64_t>{0}),
               kiln::Error);
}

} // namespace
