//===- MNIST.h - the MNIST data set -----------------------------*- C++ -*-===//

#ifndef KILN_DATA_MNIST_H
#define KILN_DATA_MNIST_H

#include "kiln/data/Datasets.h"

#include <string>

namespace kiln::data::datasets {

/// MNIST-format data (MNIST, Fashion-MNIST) from IDX files, gzipped or not,
/// as torch::data::datasets::MNIST: images as float [N, 1, 28, 28] in [0, 1]
/// and targets as int64 [N]. A missing, truncated or malformed file raises
/// kiln::Error naming it. As a Dataset, example i is a fresh copy of image i
/// ([1, 28, 28]) and its label (an int64 scalar).
class MNIST : public Dataset<MNIST> {
public:
  enum class Mode { kTrain, kTest };
  explicit MNIST(const std::string &root, Mode mode = Mode::kTrain, KILN_HERE);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  /// Whether these are the training images.
  bool is_train() const { return training; }

  const Tensor &images() const { return imageTensor; }
  const Tensor &targets() const { return targetTensor; }

private:
  Tensor imageTensor, targetTensor;
  bool training;
  SourceLocation created;
};

} // namespace kiln::data::datasets

#endif // KILN_DATA_MNIST_H
