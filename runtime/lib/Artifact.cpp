//===- Artifact.cpp - tensor specs ----------------------------------------===//

#include "kiln/runtime/Artifact.h"

#include <functional>
#include <numeric>

namespace kiln::runtime {

int64_t TensorSpec::numel() const {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1},
                         std::multiplies<>());
}

size_t TensorSpec::byteSize() const {
  return static_cast<size_t>(numel()) * info(dtype).size;
}

std::string TensorSpec::str() const {
  std::string text = "tensor<";
  for (int64_t size : shape)
    text += std::to_string(size) + "x";
  text += info(dtype).irName;
  return text + ">";
}

} // namespace kiln::runtime
