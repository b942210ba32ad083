//===- NNTest.cpp - nn modules and losses, optim::SGD, data::MNIST --------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

using kiln::Tensor;
namespace F = kiln::nn::functional;

void expectValues(const Tensor &t, const std::vector<double> &expected,
                  double tolerance = 1e-5) {
  std::vector<double> got = t.to_vector<double>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], tolerance) << "element " << i;
}

TEST(NNTest, LossesAgainstHandComputedValues) {
  Tensor logits = kiln::tensor({{1, 2, 3}, {1, 0, -1}});
  Tensor target = kiln::tensor({2, 0}, kiln::kInt64);
  auto logSumExp = [](std::vector<double> v) {
    double total = 0;
    for (double x : v)
      total += std::exp(x);
    return std::log(total);
  };
  double l0 = logSumExp({1, 2, 3}) - 3, l1 = logSumExp({1, 0, -1}) - 1;
  expectValues(F::cross_entropy(logits, target, kiln::kNone), {l0, l1});
  expectValues(F::cross_entropy(logits, target), {(l0 + l1) / 2});
  expectValues(F::cross_entropy(logits, target, kiln::kSum), {l0 + l1});
  expectValues(F::nll_loss(logits, target, kiln::kNone), {-3, -1});
  expectValues(kiln::nll_loss(logits, target, kiln::kSum), {-4});
  expectValues(F::mse_loss(kiln::tensor({1, 2}), kiln::tensor({0, 4})), {2.5});
  EXPECT_THROW(F::cross_entropy(logits, kiln::tensor({2.0, 0.0})), kiln::Error);
  EXPECT_THROW(F::cross_entropy(logits, kiln::tensor({1}, kiln::kInt64)),
               kiln::Error);
}

struct TwoLayers : kiln::nn::Module {
  TwoLayers() {
    register_module("fc1", fc1.ptr());
    register_module("fc2", fc2.ptr());
  }
  kiln::nn::Linear fc1{4, 3}, fc2{kiln::nn::LinearOptions(3, 2).bias(false)};
};

TEST(NNTest, LinearShapesInitAndParameters) {
  kiln::manual_seed(3);
  TwoLayers model;
  std::vector<std::string> names;
  for (auto &[name, tensor] : model.named_parameters())
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"fc1.weight", "fc1.bias",
                                             "fc2.weight"}));
  for (const Tensor &p : model.parameters())
    EXPECT_TRUE(p.requires_grad() && p.is_leaf());
  for (double w : model.fc1->weight.to_vector<double>())
    EXPECT_LE(std::fabs(w), 0.5); // 1 / sqrt(4)
  Tensor y = model.fc2(model.fc1(kiln::ones({5, 4})));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{5, 2}));
  model.eval();
  EXPECT_FALSE(model.fc1->is_training());
}

TEST(NNTest, SGDMatchesHandComputedUpdates) {
  // loss = sum(2p), so every gradient is 2.
  auto run = [](kiln::optim::SGDOptions options, int steps) {
    Tensor p = kiln::ones({1}, kiln::kFloat64).requires_grad_();
    kiln::optim::SGD optimizer({p}, options);
    for (int i = 0; i < steps; ++i) {
      optimizer.zero_grad();
      (p * 2).sum().backward();
      optimizer.step();
    }
    return p.item<double>();
  };
  using kiln::optim::SGDOptions;
  EXPECT_NEAR(run(SGDOptions(0.1), 2), 1 - 0.2 - 0.2, 1e-12);
  // Momentum 0.9: buffers 2, then 0.9 * 2 + 2 = 3.8.
  EXPECT_NEAR(run(SGDOptions(0.1).momentum(0.9), 2), 1 - 0.2 - 0.38, 1e-12);
  // Nesterov: steps of g + 0.9 * buffer: 3.8, then 2 + 0.9 * 3.8 = 5.42.
  EXPECT_NEAR(run(SGDOptions(0.1).momentum(0.9).nesterov(true), 2),
              1 - 0.38 - 0.542, 1e-12);
  // Weight decay 0.5 adds 0.5 * p to the gradient: 2.5, then 2 + 0.5 * 0.75.
  EXPECT_NEAR(run(SGDOptions(0.1).weight_decay(0.5), 2),
              1 - 0.25 - 0.2375, 1e-12);
}

class MNISTTest : public ::testing::Test {
protected:
  void SetUp() override {
    folder = std::filesystem::temp_directory_path() /
             ("kiln-mnist-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
  }
  void TearDown() override { std::filesystem::remove_all(folder); }

  static std::string idx(uint32_t magic, std::vector<uint32_t> dims,
                         const std::string &data) {
    std::string bytes;
    for (uint32_t word : [&] {
           std::vector<uint32_t> words = {magic};
           words.insert(words.end(), dims.begin(), dims.end());
           return words;
         }())
      for (int shift = 24; shift >= 0; shift -= 8)
        bytes += static_cast<char>(word >> shift & 0xff);
    return bytes + data;
  }
  void write(const std::string &name, const std::string &bytes, bool gzip) {
    std::string path = (folder / name).string() + (gzip ? ".gz" : "");
    if (!gzip) {
      std::ofstream(path, std::ios::binary) << bytes;
      return;
    }
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, bytes.data(), bytes.size());
    gzclose(file);
  }

  std::filesystem::path folder;
};

TEST_F(MNISTTest, ReadsPlainAndGzippedIdx) {
  std::string pixels(2 * 28 * 28, '\0');
  pixels[0] = static_cast<char>(255);
  pixels[28 * 28 + 1] = static_cast<char>(51);
  write("train-images-idx3-ubyte", idx(0x803, {2, 28, 28}, pixels), true);
  write("train-labels-idx1-ubyte", idx(0x801, {2}, std::string("\x07\x02")),
        false);
  kiln::data::datasets::MNIST data(folder.string());
  EXPECT_EQ(data.size(), 2);
  EXPECT_EQ(data.images().sizes(), (std::vector<int64_t>{2, 1, 28, 28}));
  EXPECT_EQ(data.images()[0][0][0][0].item<float>(), 1.0f);
  EXPECT_NEAR(data.images()[1][0][0][1].item<float>(), 0.2, 1e-7);
  expectValues(data.targets(), {7, 2});
}

TEST_F(MNISTTest, BadFilesAreErrorsNamingThem) {
  EXPECT_THROW(kiln::data::datasets::MNIST(folder.string()), kiln::Error);
  write("train-images-idx3-ubyte", idx(0x803, {2, 28, 28}, "short"), false);
  write("train-labels-idx1-ubyte", idx(0x801, {2}, "ab"), false);
  try {
    kiln::data::datasets::MNIST data(folder.string());
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("train-images-idx3-ubyte"),
              std::string::npos);
    EXPECT_NE(std::string(error.what()).find("1568 bytes"), std::string::npos)
        << error.what();
  }
}

TEST(NNTrainingTest, ShortFashionMnistRunLearns) {
  const char *root = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(std::string(root) + "/t10k-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "Fashion-MNIST is not installed (dataset-fashion-mnist)";
  kiln::manual_seed(0);
  kiln::data::datasets::MNIST data(root, kiln::data::datasets::MNIST::Mode::kTest);
  // The first 3000 test images train, the last 2000 evaluate.
  Tensor x = (data.images().reshape({-1, 784}) - 0.286) / 0.353;
  Tensor y = data.targets();
  // Batches are copied out, as a data loader does: each is an argument of
  // the one compiled step (a slice at a new offset would be a new program).
  auto rows = [](const Tensor &t, int64_t begin, int64_t count) {
    std::vector<int64_t> shape = t.sizes();
    size_t row = t.numel() / shape[0] * kiln::elementSize(t.dtype());
    shape[0] = count;
    return kiln::from_blob(t.data_ptr<char>() + begin * row, shape, t.dtype());
  };
  kiln::nn::Linear fc1(784, 64), fc2(64, 10);
  std::vector<Tensor> params = {fc1->weight, fc1->bias, fc2->weight, fc2->bias};
  kiln::optim::SGD optimizer(params, kiln::optim::SGDOptions(0.1).momentum(0.9));
  double first = 0, last = 0;
  for (int epoch = 0; epoch < 3; ++epoch)
    for (int64_t begin = 0; begin < 3000; begin += 100) {
      Tensor xb = rows(x, begin, 100), yb = rows(y, begin, 100);
      optimizer.zero_grad();
      Tensor loss = F::cross_entropy(fc2(kiln::relu(fc1(xb))), yb);
      loss.backward();
      optimizer.step();
      (epoch == 0 && begin == 0 ? first : last) = loss.item<double>();
    }
  EXPECT_LT(last, first / 2);
  kiln::NoGradGuard noGrad;
  Tensor predicted = fc2(kiln::relu(fc1(x.narrow(0, 8000, 2000)))).argmax(1);
  double accuracy = predicted.eq(y.narrow(0, 8000, 2000)).to(kiln::kFloat64)
                        .mean().item<double>();
  EXPECT_GT(accuracy, 0.70) << "accuracy " << accuracy;
}

} // namespace

namespace {

TEST(NNTest, AdamAndAdamWMatchHandComputedUpdates) {
  // One parameter, loss = sum(2p): every gradient is 2. Adam's first step
  // moves by lr * m_hat / (sqrt(v_hat) + eps) = lr * 2 / (2 + eps).
  auto run = [](auto makeOptimizer, int steps) {
    Tensor p = kiln::ones({1}, kiln::kFloat64).requires_grad_();
    auto optimizer = makeOptimizer(std::vector<Tensor>{p});
    for (int i = 0; i < steps; ++i) {
      optimizer.zero_grad();
      (p * 2).sum().backward();
      optimizer.step();
    }
    return p.item<double>();
  };
  using kiln::optim::AdamOptions;
  double step = 0.1 * 2 / (2 + 1e-8);
  EXPECT_NEAR(run([](auto p) { return kiln::optim::Adam(p, AdamOptions(0.1)); },
                  2),
              1 - 2 * step, 1e-12); // a constant gradient: equal steps
  // AdamW first shrinks p by lr * decay: 1 - 0.1 * 0.5 = 0.95.
  EXPECT_NEAR(
      run([](auto p) {
            return kiln::optim::AdamW(p, AdamOptions(0.1).weight_decay(0.5));
          },
          1),
      0.95 - step, 1e-12);
  // Adam adds decay * p to the gradient: g = 2.5, and the step is the same.
  EXPECT_NEAR(
      run([](auto p) {
            return kiln::optim::Adam(p, AdamOptions(0.1).weight_decay(0.5));
          },
          1),
      1 - 0.1 * 2.5 / (2.5 + 1e-8), 1e-12);
}

TEST(NNTest, StepLRScalesTheLearningRate) {
  Tensor p = kiln::ones({1}).requires_grad_();
  kiln::optim::SGD optimizer({p}, kiln::optim::SGDOptions(1.0));
  kiln::optim::StepLR<kiln::optim::SGD> scheduler(optimizer, 2, 0.5);
  std::vector<double> rates;
  for (int epoch = 0; epoch < 5; ++epoch) {
    rates.push_back(optimizer.options().lr());
    scheduler.step();
  }
  EXPECT_EQ(rates, (std::vector<double>{1, 1, 0.5, 0.5, 0.25}));
}

} // namespace
