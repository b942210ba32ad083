//===- TensorDataset.cpp - a tensor's entries as examples -----------------===//

#include "kiln/Error.h"
#include "kiln/data/Datasets.h"

namespace kiln::data::datasets {

namespace {
constexpr const char *kOp = "kiln.data.datasets.TensorDataset";
} // namespace

TensorDataset::TensorDataset(const std::vector<Tensor> &tensors,
                             SourceLocation where)
    : TensorDataset(detail::stackOnHost(tensors, kOp, where), where) {}

TensorDataset::TensorDataset(const Tensor &tensor, SourceLocation where)
    : examples(detail::hostCopy(tensor, kOp, where)), created(where) {
  if (examples.dim() == 0)
    throw Error(std::string(kOp) + ": a 0-d tensor has no examples", where);
}

TensorExample TensorDataset::get(size_t index) {
  return detail::copyRow(examples, index, kOp, created);
}

std::optional<size_t> TensorDataset::size() const {
  return static_cast<size_t>(examples.size(0));
}

} // namespace kiln::data::datasets
