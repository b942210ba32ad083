//===- DataTest.cpp - datasets, transforms, samplers, data loaders --------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <unistd.h>

namespace {

using kiln::Tensor;
namespace data = kiln::data;
using data::DataLoaderOptions;
using data::Example;
using data::datasets::TensorDataset;
using data::samplers::RandomSampler;
using data::samplers::SequentialSampler;
using data::transforms::Normalize;
using data::transforms::Stack;

/// Examples i = 0..n-1 with data {i, 10 i} (float32) and target i (int64).
class Numbers : public data::datasets::Dataset<Numbers> {
public:
  explicit Numbers(size_t count, size_t failAt = SIZE_MAX)
      : count(count), failAt(failAt) {}
  Example<> get(size_t index) override {
    if (index == failAt)
      throw std::runtime_error("example " + std::to_string(index) +
                               " is unreadable");
    float values[2] = {static_cast<float>(index), 10.0f * index};
    int64_t target = static_cast<int64_t>(index);
    return {kiln::from_blob(values, {2}, kiln::kFloat32),
            kiln::from_blob(&target, {}, kiln::kInt64)};
  }
  std::optional<size_t> size() const override { return count; }

private:
  size_t count, failAt;
};

/// The targets of every batch a loader gives in one epoch.
template <typename Loader>
std::vector<std::vector<int64_t>> targets(Loader &loader) {
  std::vector<std::vector<int64_t>> batches;
  for (auto &batch : loader)
    batches.push_back(batch.target.template to_vector<int64_t>());
  return batches;
}

TEST(DataTest, SequentialSamplerGivesIndicesInOrder) {
  SequentialSampler sampler(5);
  EXPECT_EQ(sampler.next(2), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(sampler.next(2), (std::vector<size_t>{2, 3}));
  EXPECT_EQ(sampler.next(2), (std::vector<size_t>{4}));
  EXPECT_FALSE(sampler.next(2));
  sampler.reset(3);
  EXPECT_EQ(sampler.next(5), (std::vector<size_t>{0, 1, 2}));

  for (size_t workers : {0, 2}) {
    auto loader = data::make_data_loader<SequentialSampler>(
        Numbers(10).map(Stack<>()), DataLoaderOptions(4).workers(workers));
    using Batches = std::vector<std::vector<int64_t>>;
    EXPECT_EQ(targets(*loader), (Batches{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}))
        << workers << " workers";
    // A second epoch starts over.
    EXPECT_EQ(targets(*loader).size(), 3u);
  }
}

TEST(DataTest, RandomSamplerIsSeededAndReshufflesEachEpoch) {
  auto epochs = [](uint64_t seed) {
    RandomSampler sampler(100, seed);
    std::vector<std::vector<size_t>> orders;
    for (int epoch = 0; epoch < 3; ++epoch) {
      std::vector<size_t> order;
      while (auto batch = sampler.next(32))
        order.insert(order.end(), batch->begin(), batch->end());
      orders.push_back(order);
      sampler.reset();
    }
    return orders;
  };
  auto first = epochs(7);
  EXPECT_EQ(first, epochs(7));
  EXPECT_NE(first, epochs(8));
  std::vector<size_t> all(100);
  std::iota(all.begin(), all.end(), size_t{0});
  for (const auto &order : first) {
    std::vector<size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, all);
    EXPECT_NE(order, all);
  }
  EXPECT_NE(first[0], first[1]);
  EXPECT_NE(first[1], first[2]);

  // Through a loader: the seed option, and a new order each epoch.
  auto loader = data::make_data_loader(Numbers(20).map(Stack<>()),
                                       DataLoaderOptions(20).seed(5));
  auto again = data::make_data_loader(Numbers(20).map(Stack<>()),
                                      DataLoaderOptions(20).seed(5));
  auto epoch1 = targets(*loader), epoch2 = targets(*loader);
  EXPECT_EQ(epoch1, targets(*again));
  EXPECT_NE(epoch1, epoch2);
}

TEST(DataTest, DropLastLeavesOutTheSmallLastBatch) {
  auto sizes = [](bool dropLast) {
    auto loader = data::make_data_loader<SequentialSampler>(
        Numbers(10).map(Stack<>()), DataLoaderOptions(4).drop_last(dropLast));
    std::vector<int64_t> result;
    for (auto &batch : *loader) {
      result.push_back(batch.data.size(0));
      EXPECT_EQ(batch.target.size(0), batch.data.size(0));
    }
    return result;
  };
  EXPECT_EQ(sizes(false), (std::vector<int64_t>{4, 4, 2}));
  EXPECT_EQ(sizes(true), (std::vector<int64_t>{4, 4}));
}

TEST(DataTest, NormalizeAndStackValues) {
  Normalize<> normalize(0.5, 0.25);
  EXPECT_EQ(normalize(kiln::tensor({1.0, 0.5, 0.0})).to_vector<float>(),
            (std::vector<float>{2, 0, -2}));
  // Per channel: [2, 1, 2] data, channel c is (x - mean[c]) / stddev[c].
  Normalize<> channels({1, 2}, {2, 4});
  Tensor image = kiln::tensor({{{1, 3}}, {{2, 10}}});
  EXPECT_EQ(channels(image).to_vector<float>(),
            (std::vector<float>{0, 1, 0, 2}));
  EXPECT_EQ(channels(image).sizes(), (std::vector<int64_t>{2, 1, 2}));
  // Integers become float32; float64 stays float64.
  EXPECT_EQ(normalize(kiln::tensor({1}, kiln::kInt64)).dtype(), kiln::kFloat32);
  EXPECT_EQ(normalize(kiln::tensor({1}, kiln::kFloat64)).dtype(),
            kiln::kFloat64);
  EXPECT_THROW(normalize(Tensor()), kiln::Error);
  EXPECT_THROW(channels(kiln::tensor({1, 2})), kiln::Error);
  EXPECT_THROW(Normalize<>(0.5, 0.0), kiln::Error);
  EXPECT_THROW(Normalize<>({0.5, 0.5}, {1.0}), kiln::Error);

  // Normalize applies to the data of each example, then Stack batches them.
  auto batch =
      Numbers(3).map(Normalize<>(1, 2)).map(Stack<>()).get_batch({2, 0});
  EXPECT_EQ(batch.data.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(batch.data.to_vector<float>(),
            (std::vector<float>{0.5, 9.5, -0.5, -0.5}));
  EXPECT_EQ(batch.target.dtype(), kiln::kInt64);
  EXPECT_EQ(batch.target.to_vector<int64_t>(), (std::vector<int64_t>{2, 0}));

  std::vector<Example<>> mixed = {{kiln::zeros({2}), kiln::tensor(1.0)},
                                  {kiln::zeros({3}), kiln::tensor(2.0)}};
  try {
    Stack<>().apply_batch(mixed);
    ADD_FAILURE() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("tensor<3xf32>"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("DataTest.cpp"), std::string::npos)
        << error.what();
  }
}

TEST(DataTest, LambdaTransformsExamplesAndBatches) {
  using data::transforms::BatchLambda;
  using data::transforms::Lambda;
  auto doubled = Numbers(4)
                     .map(Lambda<Example<>>([](Example<> example) {
                       // A traced op: the loader computes it on its thread.
                       example.data = example.data * 2;
                       return example;
                     }))
                     .map(Stack<>())
                     .map(BatchLambda<Example<>, Tensor>(
                         [](Example<> batch) { return batch.data; }));
  auto loader = data::make_data_loader<SequentialSampler>(
      std::move(doubled), DataLoaderOptions(4).workers(1));
  std::vector<std::vector<float>> batches;
  for (Tensor &batch : *loader)
    batches.push_back(batch.to_vector<float>());
  EXPECT_EQ(batches,
            (std::vector<std::vector<float>>{{0, 0, 2, 20, 4, 40, 6, 60}}));
}

TEST(DataTest, TensorDatasetGivesRows) {
  TensorDataset rows(kiln::tensor({{1, 2}, {3, 4}, {5, 6}}));
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows.get(1).data.to_vector<float>(), (std::vector<float>{3, 4}));
  EXPECT_THROW(rows.get(3), kiln::Error);
  TensorDataset stacked({kiln::tensor({1, 2}), kiln::tensor({3, 4})});
  EXPECT_EQ(stacked.tensor().sizes(), (std::vector<int64_t>{2, 2}));
  auto loader = data::make_data_loader<SequentialSampler>(
      std::move(stacked).map(Stack<data::TensorExample>()),
      DataLoaderOptions(2));
  for (auto &batch : *loader)
    EXPECT_EQ(batch.data.to_vector<float>(), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_THROW(TensorDataset(kiln::tensor(1.0)), kiln::Error);
}

TEST(DataTest, PrefetchingGivesTheSynchronousBatches) {
  auto epochs = [](DataLoaderOptions options) {
    auto loader = data::make_data_loader(Numbers(103).map(Stack<>()),
                                         options.batch_size(8).seed(11));
    std::vector<std::vector<float>> batches;
    for (int epoch = 0; epoch < 2; ++epoch)
      for (auto &batch : *loader)
        batches.push_back(batch.data.to_vector<float>());
    return batches;
  };
  auto synchronous = epochs(DataLoaderOptions());
  EXPECT_EQ(synchronous.size(), 26u);
  EXPECT_EQ(epochs(DataLoaderOptions().workers(1)), synchronous);
  EXPECT_EQ(epochs(DataLoaderOptions().workers(3).max_jobs(2)), synchronous);
  // Unordered: the same batches, in any order.
  auto unordered =
      epochs(DataLoaderOptions().workers(3).enforce_ordering(false));
  std::sort(unordered.begin(), unordered.end());
  std::sort(synchronous.begin(), synchronous.end());
  EXPECT_EQ(unordered, synchronous);
}

TEST(DataTest, BatchesAreComputedArgumentsOfOneProgram) {
  // Each batch is a new computed tensor, so a step over it compiles once.
  auto loader =
      data::make_data_loader(Numbers(64).map(Normalize<>(1, 2)).map(Stack<>()),
                             DataLoaderOptions(8).workers(2));
  Tensor w = kiln::ones({2, 1});
  int batches = 0;
  kiln::Stats before;
  for (auto &batch : *loader) {
    batch.data.matmul(w).sum().item<double>();
    if (++batches == 1)
      before = kiln::stats();
  }
  EXPECT_EQ(batches, 8);
  EXPECT_EQ(kiln::stats().memoryCacheMisses, before.memoryCacheMisses);
}

TEST(DataTest, ExceptionsInGetReachTheCallerAsErrors) {
  for (size_t workers : {0, 2}) {
    auto loader = data::make_data_loader<SequentialSampler>(
        Numbers(10, /*failAt=*/5).map(Stack<>()),
        DataLoaderOptions(2).workers(workers));
    std::vector<int64_t> seen;
    try {
      for (auto &batch : *loader)
        for (int64_t t : batch.target.to_vector<int64_t>())
          seen.push_back(t);
      ADD_FAILURE() << "expected kiln::Error";
    } catch (const kiln::Error &error) {
      EXPECT_NE(std::string(error.what()).find("example 5 is unreadable"),
                std::string::npos)
          << error.what();
      // Named where the loader was made.
      EXPECT_NE(std::string(error.what()).find("DataTest.cpp"),
                std::string::npos)
          << error.what();
    }
    // In order: the batches before the failing one arrived.
    EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 3})) << workers;
  }
  // kiln's own errors pass unchanged.
  auto loader = data::make_data_loader<SequentialSampler>(
      TensorDataset(kiln::zeros({3, 2}))
          .map(Normalize<data::example::NoTarget>(std::vector<double>{1, 2},
                                                  std::vector<double>{1, 1})),
      DataLoaderOptions(2).workers(1));
  try {
    loader->begin();
    ADD_FAILURE() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    EXPECT_NE(error.message().find("2 channels do not match data of shape [2]"),
              std::string::npos)
        << error.what();
  }
}

class MNISTLoaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    folder = std::filesystem::temp_directory_path() /
             ("kiln-data-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
  }
  void TearDown() override { std::filesystem::remove_all(folder); }

  /// An IDX file of unsigned bytes.
  void write(const std::string &name, std::vector<uint32_t> dims,
             const std::string &bytes) {
    std::ofstream file(folder / name, std::ios::binary);
    std::vector<uint32_t> words = {0x800u | static_cast<uint32_t>(dims.size())};
    words.insert(words.end(), dims.begin(), dims.end());
    for (uint32_t word : words)
      for (int shift = 24; shift >= 0; shift -= 8)
        file.put(static_cast<char>(word >> shift & 0xff));
    file << bytes;
  }

  std::filesystem::path folder;
};

TEST_F(MNISTLoaderTest, BatchesOfNormalizedImagesAndLabels) {
  // Image i has every pixel 51 * i (i / 5 after scaling), label 9 - i.
  std::string pixels, labels;
  for (int i = 0; i < 5; ++i) {
    pixels += std::string(28 * 28, static_cast<char>(51 * i));
    labels += static_cast<char>(9 - i);
  }
  write("t10k-images-idx3-ubyte", {5, 28, 28}, pixels);
  write("t10k-labels-idx1-ubyte", {5}, labels);
  using data::datasets::MNIST;
  MNIST mnist(folder.string(), MNIST::Mode::kTest);
  EXPECT_FALSE(mnist.is_train());
  EXPECT_EQ(mnist.size(), 5u);
  Example<> third = mnist.get(2);
  EXPECT_EQ(third.data.sizes(), (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(third.data.dtype(), kiln::kFloat32);
  EXPECT_EQ(third.target.dim(), 0);
  EXPECT_EQ(third.target.dtype(), kiln::kInt64);
  EXPECT_EQ(third.target.item<int64_t>(), 7);
  EXPECT_THROW(mnist.get(5), kiln::Error);

  auto loader = data::make_data_loader<SequentialSampler>(
      std::move(mnist).map(Normalize<>(0.5, 0.5)).map(Stack<>()),
      DataLoaderOptions(2).workers(1));
  std::vector<int64_t> sizes, labelsSeen;
  for (auto &batch : *loader) {
    sizes.push_back(batch.data.size(0));
    EXPECT_EQ(batch.data.sizes(),
              (std::vector<int64_t>{batch.data.size(0), 1, 28, 28}));
    std::vector<float> values = batch.data.to_vector<float>();
    for (int64_t label : batch.target.to_vector<int64_t>()) {
      labelsSeen.push_back(label);
      int64_t i = 9 - label,
              row = labelsSeen.size() - 1 - 2 * (sizes.size() - 1);
      // (i / 5 - 0.5) / 0.5 for every pixel of image i.
      EXPECT_NEAR(values[row * 784], (i / 5.0 - 0.5) / 0.5, 1e-6);
      EXPECT_NEAR(values[row * 784 + 783], (i / 5.0 - 0.5) / 0.5, 1e-6);
    }
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(labelsSeen, (std::vector<int64_t>{9, 8, 7, 6, 5}));
}

/// A data set that does not know its size.
class Unsized : public data::datasets::Dataset<Unsized> {
public:
  Example<> get(size_t) override { return {}; }
  std::optional<size_t> size() const override { return std::nullopt; }
};

TEST(DataTest, LoaderOptionsAreChecked) {
  EXPECT_THROW(data::make_data_loader(Unsized()), kiln::Error);
  EXPECT_THROW(data::make_data_loader(Numbers(3), DataLoaderOptions(0)),
               kiln::Error);
  // Without Stack a batch is the vector of examples.
  auto loader = data::make_data_loader(Numbers(3), SequentialSampler(3),
                                       DataLoaderOptions(2));
  std::vector<size_t> sizes;
  for (std::vector<Example<>> &batch : *loader)
    sizes.push_back(batch.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 1}));
}

} // namespace
