//===- Models.h - the Fashion-MNIST example's two models --------*- C++ -*-===//
//
// Shared by the example and the CPU benchmark (bench/cpu), which trains the
// same models beside PyTorch.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_EXAMPLES_FASHION_MNIST_MODELS_H
#define KILN_EXAMPLES_FASHION_MNIST_MODELS_H

#include <kiln/kiln.h>

namespace fashion_mnist {

/// 784-256-10 with a ReLU.
inline kiln::nn::Sequential mlp() {
  namespace nn = kiln::nn;
  return nn::Sequential(nn::Flatten(), nn::Linear(784, 256), nn::ReLU(),
                        nn::Linear(256, 10));
}

/// Two 3x3 convolutions (32 and 64 channels), each followed by a ReLU and
/// 2x2 max pooling, then 3136-128-10.
inline kiln::nn::Sequential cnn() {
  namespace nn = kiln::nn;
  return nn::Sequential(
      nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)), nn::ReLU(),
      nn::MaxPool2d(2), nn::Conv2d(nn::Conv2dOptions(32, 64, 3).padding(1)),
      nn::ReLU(), nn::MaxPool2d(2), nn::Flatten(), nn::Linear(64 * 7 * 7, 128),
      nn::ReLU(), nn::Linear(128, 10));
}

} // namespace fashion_mnist

#endif // KILN_EXAMPLES_FASHION_MNIST_MODELS_H
