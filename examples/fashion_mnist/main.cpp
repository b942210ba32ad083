// Trains a multilayer perceptron on Fashion-MNIST with kiln, written as with
// libtorch's C++ frontend. A data loader assembles shuffled, normalized
// batches on a background thread; each training step (forward, backward, SGD
// update) is traced, compiled once, and replayed from the cache.
//
//   kiln-fashion-mnist [--data DIR] [--epochs N] [--batch-size N] [--lr X]
//                      [--subset N] [--device cpu|cuda]
//
// The data folder defaults to $KILN_FASHION_MNIST, else Debian's
// /usr/share/datasets/fashion-mnist.

#include <kiln/kiln.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct MLPImpl : kiln::nn::Module {
  MLPImpl() {
    register_module("fc1", fc1.ptr());
    register_module("fc2", fc2.ptr());
  }
  kiln::Tensor forward(const kiln::Tensor &images) {
    kiln::CallSite site; // names this line in shape errors
    kiln::Tensor x = images.reshape({images.size(0), 784});
    return fc2(kiln::relu(fc1(x)));
  }
  kiln::nn::Linear fc1{784, 256}, fc2{256, 10};
};

struct Options {
  std::string data;
  int epochs = 3;
  int64_t batchSize = 64;
  double lr = 0.05;
  int64_t subset = 0;
  kiln::Device device = kiln::kCPU;
};

Options parse(int argc, char **argv) {
  Options options;
  const char *fromEnvironment = std::getenv("KILN_FASHION_MNIST");
  options.data =
      fromEnvironment ? fromEnvironment : "/usr/share/datasets/fashion-mnist";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data")
      options.data = value;
    else if (flag == "--epochs")
      options.epochs = std::stoi(value);
    else if (flag == "--batch-size")
      options.batchSize = std::stoll(value);
    else if (flag == "--lr")
      options.lr = std::stod(value);
    else if (flag == "--subset")
      options.subset = std::stoll(value);
    else if (flag == "--device" && (value == "cpu" || value == "cuda"))
      options.device = value == "cuda" ? kiln::kCUDA : kiln::kCPU;
    else
      throw kiln::Error("unknown flag " + flag);
  }
  return options;
}

/// Test accuracy in percent, over the batches of `loader`.
template <typename Loader>
double accuracy(MLPImpl &model, Loader &loader, kiln::Device device) {
  kiln::NoGradGuard noGrad;
  int64_t correct = 0, total = 0;
  for (auto &batch : loader) {
    kiln::Tensor x = batch.data.to(device), y = batch.target.to(device);
    kiln::Tensor predicted = model.forward(x).argmax(1);
    correct += predicted.eq(y).to(kiln::kInt64).sum().item<int64_t>();
    total += y.size(0);
  }
  return 100.0 * correct / total;
}

} // namespace

int main(int argc, char **argv) {
  try {
    Options options = parse(argc, argv);
    kiln::manual_seed(0);
    using kiln::data::datasets::MNIST;
    namespace data = kiln::data;
    MNIST train(options.data, MNIST::Mode::kTrain);
    MNIST test(options.data, MNIST::Mode::kTest);
    int64_t trainSize = static_cast<int64_t>(*train.size());
    if (options.subset > 0)
      trainSize = std::min(options.subset, trainSize);
    // Fashion-MNIST's pixel mean and standard deviation.
    data::transforms::Normalize<> normalize(0.2860, 0.3530);
    // Each batch is a new tensor: an argument of the same compiled step,
    // never a new slice to compile. The sampler shuffles the first
    // `trainSize` images anew each epoch.
    auto trainLoader = data::make_data_loader(
        std::move(train).map(normalize).map(data::transforms::Stack<>()),
        data::samplers::RandomSampler(static_cast<size_t>(trainSize),
                                      /*seed=*/0),
        data::DataLoaderOptions(options.batchSize).drop_last(true).workers(1));
    auto testLoader = data::make_data_loader<data::samplers::SequentialSampler>(
        std::move(test).map(normalize).map(data::transforms::Stack<>()),
        data::DataLoaderOptions(1000).workers(1));

    MLPImpl model;
    model.to(options.device);
    kiln::optim::SGD optimizer(
        model.parameters(), kiln::optim::SGDOptions(options.lr).momentum(0.9));
    int64_t steps = trainSize / options.batchSize;
    std::printf("kiln: training an MLP 784-256-10 on %lld Fashion-MNIST "
                "images on the %s, %d epochs, batch %lld, SGD lr %g momentum "
                "0.9\n",
                static_cast<long long>(trainSize),
                options.device.type == kiln::kCUDA ? "GPU" : "CPU",
                options.epochs, static_cast<long long>(options.batchSize),
                options.lr);
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      auto start = std::chrono::steady_clock::now();
      double running = 0;
      int64_t step = 0;
      for (auto &batch : *trainLoader) {
        kiln::Tensor x = batch.data.to(options.device);
        kiln::Tensor y = batch.target.to(options.device);
        optimizer.zero_grad();
        kiln::Tensor loss =
            kiln::nn::functional::cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        running += loss.item<double>();
        if (++step % 100 == 0 || step == steps) {
          double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - start)
                               .count();
          std::printf(
              "\r  epoch %d  batch %5lld/%lld  loss %.4f  %8.0f samples/s",
              epoch, static_cast<long long>(step),
              static_cast<long long>(steps), running / step,
              step * options.batchSize / seconds);
          std::fflush(stdout);
        }
      }
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      std::printf("\n  epoch %d: %.1f s, test accuracy %.2f%%\n", epoch,
                  seconds, accuracy(model, *testLoader, options.device));
    }
    kiln::Stats stats = kiln::stats();
    std::printf("kiln: %lld graphs run, %lld compiled (%.0f ms), %lld memory "
                "cache hits, %lld from the disk cache\n",
                static_cast<long long>(stats.graphsRun),
                static_cast<long long>(stats.graphsCompiled),
                stats.compileSeconds * 1e3,
                static_cast<long long>(stats.memoryCacheHits),
                static_cast<long long>(stats.diskCacheHits));
  } catch (const std::exception &error) {
    std::fprintf(stderr, "kiln-fashion-mnist: error: %s\n", error.what());
    return 1;
  }
}
