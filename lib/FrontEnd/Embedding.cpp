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

Tensor functional::embedding(const Tensor &input, const Tensor &weight,
                             SourceLocation where) {
  return kiln::embedding(weight, input, where);
}

EmbeddingImpl::EmbeddingImpl(const EmbeddingOptions &options)
    : options(options) {
  weight = register_parameter(
      "weight", empty({options.num_embeddings(), options.embedding_dim()}));
  init::normal_(weight);
}

Tensor EmbeddingImpl::forward(const Tensor &indices, SourceLocation where) {
  return kiln::embedding(weight, indices, where);
}

} // namespace nn
} // namespace kiln
