// Trains a multilayer perceptron on Fashion-MNIST with kiln, written as with
// libtorch's C++ frontend. Each training step (forward, backward, SGD update)
// is traced, compiled once, and replayed from the cache.
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
#include <cstring>
#include <numeric>
#include <random>
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
  options.data = fromEnvironment ? fromEnvironment
                                 : "/usr/share/datasets/fashion-mnist";
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

/// Rows `order[begin, end)` of `data`, copied into a new tensor: each batch
/// is an argument of the same compiled step, never a new slice to compile.
kiln::Tensor gather(const kiln::Tensor &data, const std::vector<int64_t> &order,
                    int64_t begin, int64_t end) {
  std::vector<int64_t> shape = data.sizes();
  int64_t row = data.numel() / shape[0];
  size_t bytes = row * kiln::elementSize(data.dtype());
  const char *source = data.data_ptr<char>();
  std::vector<char> batch((end - begin) * bytes);
  for (int64_t i = begin; i < end; ++i)
    std::memcpy(batch.data() + (i - begin) * bytes, source + order[i] * bytes,
                bytes);
  shape[0] = end - begin;
  return kiln::from_blob(batch.data(), shape, data.dtype());
}

double accuracy(MLPImpl &model, const kiln::Tensor &images,
                const kiln::Tensor &labels, double mean, double std,
                kiln::Device device) {
  kiln::NoGradGuard noGrad;
  std::vector<int64_t> order(images.size(0));
  std::iota(order.begin(), order.end(), 0);
  int64_t correct = 0;
  for (int64_t begin = 0; begin < images.size(0); begin += 1000) {
    int64_t end = std::min<int64_t>(begin + 1000, images.size(0));
    kiln::Tensor x =
        (gather(images, order, begin, end).to(device) - mean) / std;
    kiln::Tensor predicted = model.forward(x).argmax(1);
    correct += predicted.eq(gather(labels, order, begin, end).to(device))
                   .to(kiln::kInt64)
                   .sum()
                   .item<int64_t>();
  }
  return 100.0 * correct / images.size(0);
}

} // namespace

int main(int argc, char **argv) {
  try {
    Options options = parse(argc, argv);
    kiln::manual_seed(0);
    using kiln::data::datasets::MNIST;
    MNIST train(options.data, MNIST::Mode::kTrain);
    MNIST test(options.data, MNIST::Mode::kTest);
    int64_t trainSize = options.subset > 0
                            ? std::min(options.subset, train.size())
                            : train.size();
    // Fashion-MNIST's pixel mean and standard deviation.
    const double mean = 0.2860, std = 0.3530;

    MLPImpl model;
    model.to(options.device);
    kiln::optim::SGD optimizer(model.parameters(),
                               kiln::optim::SGDOptions(options.lr).momentum(0.9));
    std::mt19937_64 shuffle(0);
    std::vector<int64_t> order(trainSize);
    int64_t steps = trainSize / options.batchSize;
    std::printf("kiln: training an MLP 784-256-10 on %lld Fashion-MNIST "
                "images on the %s, %d epochs, batch %lld, SGD lr %g momentum "
                "0.9\n",
                static_cast<long long>(trainSize),
                options.device.type == kiln::kCUDA ? "GPU" : "CPU",
                options.epochs,
                static_cast<long long>(options.batchSize), options.lr);
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), shuffle);
      auto start = std::chrono::steady_clock::now();
      double running = 0;
      for (int64_t step = 0; step < steps; ++step) {
        int64_t begin = step * options.batchSize, end = begin + options.batchSize;
        kiln::Tensor x =
            (gather(train.images(), order, begin, end).to(options.device) -
             mean) /
            std;
        kiln::Tensor y =
            gather(train.targets(), order, begin, end).to(options.device);
        optimizer.zero_grad();
        kiln::Tensor loss = kiln::nn::functional::cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        running += loss.item<double>();
        if ((step + 1) % 100 == 0 || step + 1 == steps) {
          double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - start)
                               .count();
          std::printf("\r  epoch %d  batch %5lld/%lld  loss %.4f  %8.0f samples/s",
                      epoch, static_cast<long long>(step + 1),
                      static_cast<long long>(steps), running / (step + 1),
                      (step + 1) * options.batchSize / seconds);
          std::fflush(stdout);
        }
      }
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      std::printf("\n  epoch %d: %.1f s, test accuracy %.2f%%\n", epoch, seconds,
                  accuracy(model, test.images(), test.targets(), mean, std,
                           options.device));
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
