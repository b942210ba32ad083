// Trains an MLP or a small CNN on Fashion-MNIST with kiln, written as with
// libtorch's C++ frontend. A data loader assembles shuffled, normalized
// batches on a background thread; each training step (forward, backward,
// optimizer update) is traced, compiled once, and replayed from the cache.
// The model is saved after every epoch; --evaluate loads it and reports its
// test accuracy without training.
//
//   kiln-fashion-mnist [--model mlp|cnn] [--epochs N] [--batch-size N]
//                      [--optimizer adam|sgd] [--lr X] [--subset N]
//                      [--device cpu|cuda] [--data DIR] [--checkpoint FILE]
//                      [--evaluate]
//
// The data folder defaults to $KILN_FASHION_MNIST, else Debian's
// /usr/share/datasets/fashion-mnist. Adam's learning rate halves after each
// epoch; SGD uses momentum 0.9.

#include "Models.h"

#include <kiln/kiln.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

namespace nn = kiln::nn;

struct Options {
  std::string data;
  std::string model = "mlp";
  std::string optimizer = "adam";
  std::string checkpoint;
  int epochs = 5;
  int64_t batchSize = 64;
  double lr = 0; // 0: the optimizer's default (Adam 1e-3, SGD 0.05)
  int64_t subset = 0;
  kiln::Device device = kiln::kCPU;
  bool evaluateOnly = false;
};

Options parse(int argc, char **argv) {
  Options options;
  const char *fromEnvironment = std::getenv("KILN_FASHION_MNIST");
  options.data =
      fromEnvironment ? fromEnvironment : "/usr/share/datasets/fashion-mnist";
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--evaluate") {
      options.evaluateOnly = true;
      --i;
      continue;
    }
    if (i + 1 == argc)
      throw kiln::Error("flag " + flag + " needs a value");
    std::string value = argv[i + 1];
    auto number = [&] {
      char *end = nullptr;
      double parsed = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0')
        throw kiln::Error("flag " + flag + " needs a number, got " + value);
      return parsed;
    };
    if (flag == "--data")
      options.data = value;
    else if (flag == "--epochs")
      options.epochs = static_cast<int>(number());
    else if (flag == "--batch-size")
      options.batchSize = static_cast<int64_t>(number());
    else if (flag == "--lr")
      options.lr = number();
    else if (flag == "--subset")
      options.subset = static_cast<int64_t>(number());
    else if (flag == "--device" && (value == "cpu" || value == "cuda"))
      options.device = value == "cuda" ? kiln::kCUDA : kiln::kCPU;
    else if (flag == "--model" && (value == "mlp" || value == "cnn"))
      options.model = value;
    else if (flag == "--optimizer" && (value == "adam" || value == "sgd"))
      options.optimizer = value;
    else if (flag == "--checkpoint")
      options.checkpoint = value;
    else
      throw kiln::Error("unknown flag or value: " + flag + " " + value);
  }
  if (options.epochs < 0 || options.batchSize <= 0 || options.subset < 0 ||
      options.lr < 0)
    throw kiln::Error("epochs, subset and lr must not be negative and the "
                      "batch size must be positive");
  if (options.checkpoint.empty())
    options.checkpoint = "fashion-mnist-" + options.model + ".safetensors";
  if (options.lr == 0)
    options.lr = options.optimizer == "adam" ? 1e-3 : 0.05;
  return options;
}


/// Test accuracy in percent, over the batches of `loader`.
template <typename Loader>
double accuracy(nn::Sequential &model, Loader &loader, kiln::Device device) {
  kiln::NoGradGuard noGrad;
  model->eval();
  int64_t correct = 0, total = 0;
  for (auto &batch : loader) {
    kiln::Tensor x = batch.data.to(device), y = batch.target.to(device);
    kiln::Tensor predicted = model(x).argmax(1);
    correct += predicted.eq(y).to(kiln::kInt64).sum().item<int64_t>();
    total += y.size(0);
  }
  model->train();
  return 100.0 * correct / total;
}

/// Runs `epochs` epochs of `loader` through `model` with `optimizer`,
/// halving the learning rate after each epoch when `decay` is set, saving
/// the model after each and reporting the test accuracy.
template <typename Optimizer, typename TrainLoader, typename TestLoader>
void fit(nn::Sequential &model, Optimizer &optimizer, bool decay,
           TrainLoader &loader, TestLoader &testLoader, int64_t steps,
           const Options &options) {
  kiln::optim::StepLR<Optimizer> schedule(optimizer, 1, decay ? 0.5 : 1.0);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    double running = 0;
    int64_t step = 0;
    for (auto &batch : loader) {
      kiln::Tensor x = batch.data.to(options.device);
      kiln::Tensor y = batch.target.to(options.device);
      optimizer.zero_grad();
      kiln::Tensor loss = kiln::nn::functional::cross_entropy(model(x), y);
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
    kiln::save(model, options.checkpoint);
    std::printf("\n  epoch %d: %.1f s, test accuracy %.2f%% (saved %s)\n",
                epoch, seconds, accuracy(model, testLoader, options.device),
                options.checkpoint.c_str());
    schedule.step();
  }
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

    nn::Sequential model =
        options.model == "cnn" ? fashion_mnist::cnn() : fashion_mnist::mlp();
    model->to(options.device);
    const char *where = options.device.type == kiln::kCUDA ? "GPU" : "CPU";
    if (options.evaluateOnly) {
      kiln::load(model, options.checkpoint);
      std::printf("kiln: %s from %s on the %s: test accuracy %.2f%%\n",
                  options.model.c_str(), options.checkpoint.c_str(), where,
                  accuracy(model, *testLoader, options.device));
      return 0;
    }
    int64_t steps = trainSize / options.batchSize;
    std::printf("kiln: training the %s on %lld Fashion-MNIST images on the "
                "%s, %d epochs, batch %lld, %s lr %g\n",
                options.model == "cnn" ? "CNN" : "MLP",
                static_cast<long long>(trainSize), where, options.epochs,
                static_cast<long long>(options.batchSize),
                options.optimizer == "adam"
                    ? "Adam (halved each epoch)"
                    : "SGD momentum 0.9",
                options.lr);
    if (options.optimizer == "adam") {
      kiln::optim::Adam optimizer(model->parameters(),
                                  kiln::optim::AdamOptions(options.lr));
      fit(model, optimizer, /*decay=*/true, *trainLoader, *testLoader, steps,
            options);
    } else {
      kiln::optim::SGD optimizer(
          model->parameters(),
          kiln::optim::SGDOptions(options.lr).momentum(0.9));
      fit(model, optimizer, /*decay=*/false, *trainLoader, *testLoader,
            steps, options);
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
