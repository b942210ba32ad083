//===- Embedding.cpp - kiln::embedding and nn::Embedding ------------------===//

#include "NNChecks.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

namespace kiln {

using detail::callSite;
using detail::fail;
using detail::shapeText;

Tensor embedding(const Tensor &weight, const Tensor &indices,
                 SourceLocation where) {
  where = callSite(where);
  if (weight.dim(where) != 2)
    fail("kiln.embedding",
         "weight must be [num_embeddings, embedding_dim], got " +
             shapeText(weight.sizes(where)),
         where);
  Dtype type = indices.dtype(where);
  if (type != kInt64 && type != kInt32)
    fail("kiln.embedding",
         "indices must be int64 or int32, got " + std::string(toString(type)),
         where);
  std::vector<int64_t> shape = indices.sizes(where);
  shape.push_back(weight.size(1, where));
  return weight.index_select(0, indices.reshape({-1}, where), where)
      .reshape(shape, where);
}

namespace nn {
namespace {
/// `paddingIdx` as a row of a table of `rows`, counting a negative one from
/// the end as PyTorch does.
int64_t paddingRow(int64_t paddingIdx, int64_t rows, SourceLocation where) {
  if (paddingIdx < -rows || paddingIdx >= rows)
    fail("kiln.embedding",
         "padding_idx " + std::to_string(paddingIdx) + " is out of range for " +
             std::to_string(rows) + " embeddings",
         where);
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/// The rows of `weight` at `indices`, with no gradient for the padding row:
/// indices that name it read a copy of the table cut off from autograd.
/// Only the looked-up rows are selected, never the whole table, and the
/// padding row is a number in the graph, so the table may be on any device.
Tensor embeddingWithPadding(const Tensor &weight, const Tensor &indices,
                            std::optional<int64_t> paddingIdx,
                            SourceLocation where) {
  if (!paddingIdx)
    return kiln::embedding(weight, indices, where);
  where = callSite(where);
  CallSite site(where);
  int64_t row = paddingRow(*paddingIdx, weight.size(0, where), where);
  Tensor atPadding = indices.eq(row, where).unsqueeze(-1, where);
  return kiln::embedding(weight.detach(where), indices, where)
      .where(atPadding, kiln::embedding(weight, indices, where), where);
}
} // namespace

Tensor functional::embedding(const Tensor &input, const Tensor &weight,
                             SourceLocation where) {
  return kiln::embedding(weight, input, where);
}

Tensor functional::embedding(const Tensor &input, const Tensor &weight,
                             const EmbeddingFuncOptions &options,
                             SourceLocation where) {
  return embeddingWithPadding(weight, input, options.padding_idx(), where);
}

EmbeddingImpl::EmbeddingImpl(const EmbeddingOptions &options)
    : options(options) {
  weight = register_parameter(
      "weight", empty({options.num_embeddings(), options.embedding_dim()}));
  init::normal_(weight);
  if (std::optional<int64_t> paddingIdx = options.padding_idx()) {
    SourceLocation where = SourceLocation::current();
    int64_t rows = options.num_embeddings();
    Tensor kept = arange(rows, TensorOptions(kInt64), where)
                      .unsqueeze(1, where)
                      .ne(paddingRow(*paddingIdx, rows, where), where);
    NoGradGuard noGrad;
    weight.mul_(kept.to(weight.dtype(where), where), where);
  }
}

Tensor EmbeddingImpl::forward(const Tensor &indices, SourceLocation where) {
  return embeddingWithPadding(weight, indices, options.padding_idx(), where);
}

} // namespace nn
} // namespace kiln
