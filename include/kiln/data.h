//===- data.h - data sets ---------------------------------------*- C++ -*-===//

#ifndef KILN_DATA_H
#define KILN_DATA_H

#include "kiln/Tensor.h"

#include <string>

namespace kiln::data::datasets {

/// MNIST-format data (MNIST, Fashion-MNIST) from IDX files, gzipped or not,
/// as torch::data::datasets::MNIST: images as float [N, 1, 28, 28] in [0, 1]
/// and targets as int64 [N]. A missing, truncated or malformed file raises
/// kiln::Error naming it.
class MNIST {
public:
  enum class Mode { kTrain, kTest };
  explicit MNIST(const std::string &root, Mode mode = Mode::kTrain,
                 KILN_HERE);

  const Tensor &images() const { return imageTensor; }
  const Tensor &targets() const { return targetTensor; }
  int64_t size() const { return targetTensor.size(0); }

private:
  Tensor imageTensor, targetTensor;
};

} // namespace kiln::data::datasets

#endif // KILN_DATA_H
