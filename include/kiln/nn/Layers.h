//===- nn/Layers.h - activations, Flatten, Dropout, Embedding ---*- C++ -*-===//
//
// The modules without parameters share one class template, StatelessImpl,
// parameterized by their options and their forward function; the aliases
// below give them libtorch's names: nn::ReLU, nn::Softmax(1), nn::Dropout(0.2).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_LAYERS_H
#define KILN_NN_LAYERS_H

#include "kiln/nn.h"
#include "kiln/nn/Functional.h"

#include <optional>

namespace kiln::nn {

/// The options of modules that take none (ReLU, SiLU, Tanh, Sigmoid).
struct NoOptions {};

/// The dimension of Softmax and LogSoftmax: SoftmaxOptions(1).
class SoftmaxOptions {
public:
  SoftmaxOptions(int64_t dim) : dimension(dim) {}
  SoftmaxOptions &dim(int64_t value) {
    dimension = value;
    return *this;
  }
  int64_t dim() const { return dimension; }

private:
  int64_t dimension;
};
using LogSoftmaxOptions = SoftmaxOptions;

/// The dimensions Flatten merges: FlattenOptions().start_dim(1).end_dim(-1).
class FlattenOptions {
public:
  FlattenOptions &start_dim(int64_t value) {
    start = value;
    return *this;
  }
  FlattenOptions &end_dim(int64_t value) {
    end = value;
    return *this;
  }
  int64_t start_dim() const { return start; }
  int64_t end_dim() const { return end; }

private:
  int64_t start = 1, end = -1;
};

/// The probability that Dropout and Dropout2d zero an element (a channel).
class DropoutOptions {
public:
  DropoutOptions(double p = 0.5) : probability(p) {}
  DropoutOptions &p(double value) {
    probability = value;
    return *this;
  }
  double p() const { return probability; }

private:
  double probability;
};
using Dropout2dOptions = DropoutOptions;
using GELUOptions = functional::GELUFuncOptions;

/// A module without parameters: forward(input) is
/// `Forward(input, options, is_training())`. Only dropout looks at the
/// training flag (it is the identity in eval mode).
template <typename Options, Tensor (*Forward)(const Tensor &, const Options &,
                                              bool training, SourceLocation)>
class StatelessImpl : public Module {
public:
  explicit StatelessImpl(Options options = {}) : options(std::move(options)) {}
  Tensor forward(const Tensor &input, KILN_HERE) {
    return Forward(input, options, is_training(), where);
  }

  Options options;
};

} // namespace kiln::nn

namespace kiln::detail {
// The forward functions of the stateless modules, in the shape
// StatelessImpl calls.
Tensor reluForward(const Tensor &, const nn::NoOptions &, bool, SourceLocation);
Tensor geluForward(const Tensor &, const nn::GELUOptions &, bool,
                   SourceLocation);
Tensor siluForward(const Tensor &, const nn::NoOptions &, bool, SourceLocation);
Tensor tanhForward(const Tensor &, const nn::NoOptions &, bool, SourceLocation);
Tensor sigmoidForward(const Tensor &, const nn::NoOptions &, bool,
                      SourceLocation);
Tensor softmaxForward(const Tensor &, const nn::SoftmaxOptions &, bool,
                      SourceLocation);
Tensor logSoftmaxForward(const Tensor &, const nn::LogSoftmaxOptions &, bool,
                         SourceLocation);
Tensor flattenForward(const Tensor &, const nn::FlattenOptions &, bool,
                      SourceLocation);
Tensor dropoutForward(const Tensor &, const nn::DropoutOptions &, bool,
                      SourceLocation);
Tensor dropout2dForward(const Tensor &, const nn::Dropout2dOptions &, bool,
                        SourceLocation);
} // namespace kiln::detail

namespace kiln::nn {

using ReLUImpl = StatelessImpl<NoOptions, detail::reluForward>;
using GELUImpl = StatelessImpl<GELUOptions, detail::geluForward>;
using SiLUImpl = StatelessImpl<NoOptions, detail::siluForward>;
using TanhImpl = StatelessImpl<NoOptions, detail::tanhForward>;
using SigmoidImpl = StatelessImpl<NoOptions, detail::sigmoidForward>;
using SoftmaxImpl = StatelessImpl<SoftmaxOptions, detail::softmaxForward>;
using LogSoftmaxImpl =
    StatelessImpl<LogSoftmaxOptions, detail::logSoftmaxForward>;
/// Merges dimensions start_dim..end_dim (1..-1: all but the batch).
using FlattenImpl = StatelessImpl<FlattenOptions, detail::flattenForward>;
/// kiln::dropout in training mode, the identity in eval mode.
using DropoutImpl = StatelessImpl<DropoutOptions, detail::dropoutForward>;
/// Zeroes whole channels of [N, C, H, W] (or [C, H, W]) in training mode.
using Dropout2dImpl = StatelessImpl<Dropout2dOptions, detail::dropout2dForward>;

using ReLU = ModuleHolder<ReLUImpl>;
using GELU = ModuleHolder<GELUImpl>;
using SiLU = ModuleHolder<SiLUImpl>;
using Tanh = ModuleHolder<TanhImpl>;
using Sigmoid = ModuleHolder<SigmoidImpl>;
using Softmax = ModuleHolder<SoftmaxImpl>;
using LogSoftmax = ModuleHolder<LogSoftmaxImpl>;
using Flatten = ModuleHolder<FlattenImpl>;
using Dropout = ModuleHolder<DropoutImpl>;
using Dropout2d = ModuleHolder<Dropout2dImpl>;

/// The size of an Embedding's table: EmbeddingOptions(1000, 64), and
/// optionally a padding row: .padding_idx(0).
class EmbeddingOptions {
public:
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : count(num_embeddings), width(embedding_dim) {}
  /// A row that starts at zeros and gets no gradient (negative: from the
  /// end, as in PyTorch).
  EmbeddingOptions &padding_idx(int64_t value) {
    paddingRow = value;
    return *this;
  }
  int64_t num_embeddings() const { return count; }
  int64_t embedding_dim() const { return width; }
  std::optional<int64_t> padding_idx() const { return paddingRow; }

private:
  int64_t count, width;
  std::optional<int64_t> paddingRow;
};

/// A lookup table: forward(indices) gives the rows of `weight`
/// ([num_embeddings, embedding_dim], initialized from N(0, 1), the padding
/// row, if any, at zeros) at int64 `indices` of any shape.
class EmbeddingImpl : public Module {
public:
  EmbeddingImpl(int64_t numEmbeddings, int64_t embeddingDim)
      : EmbeddingImpl(EmbeddingOptions(numEmbeddings, embeddingDim)) {}
  explicit EmbeddingImpl(const EmbeddingOptions &options);
  Tensor forward(const Tensor &indices, KILN_HERE);

  EmbeddingOptions options;
  Tensor weight;
};
using Embedding = ModuleHolder<EmbeddingImpl>;

} // namespace kiln::nn

#endif // KILN_NN_LAYERS_H
