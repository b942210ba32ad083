//===- nn/Functional.h - layers and losses as functions ---------*- C++ -*-===//
//
// The functions behind the nn layers, as libtorch has them: torch::-level
// free functions (kiln::dropout, kiln::layer_norm, ...) and nn::functional's
// forms with options builders (F::dropout(x, F::DropoutFuncOptions().p(0.2))),
// plus the losses beyond nn.h's.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_FUNCTIONAL_H
#define KILN_NN_FUNCTIONAL_H

#include "kiln/nn.h"

#include <optional>
#include <string>

namespace kiln {

/// Zeroes each element with probability `p` and scales the others by
/// 1 / (1 - p) when `train`; the identity otherwise.
Tensor dropout(const Tensor &input, double p, bool train, KILN_HERE);
/// Dropout of whole channels of an input [N, C, ...]: one draw per (sample,
/// channel) decides for all of its elements.
Tensor feature_dropout(const Tensor &input, double p, bool train, KILN_HERE);
/// Normalizes over the trailing dimensions `normalized_shape` (mean 0,
/// biased variance 1), then scales by `weight` and adds `bias`, both of
/// shape `normalized_shape` and optional.
Tensor layer_norm(const Tensor &input, IntArrayRef normalized_shape,
                  const Tensor &weight = {}, const Tensor &bias = {},
                  double eps = 1e-5, KILN_HERE);
/// Normalizes each channel of an input [N, C, ...], then scales by `weight`
/// and adds `bias` ([C], optional). With `training` it uses the batch's
/// statistics and moves the running ones, when defined, towards them in
/// place: running = (1 - momentum) * running + momentum * batch, with the
/// unbiased variance, as PyTorch. Otherwise it uses the running statistics.
Tensor batch_norm(const Tensor &input, const Tensor &weight, const Tensor &bias,
                  const Tensor &running_mean, const Tensor &running_var,
                  bool training, double momentum, double eps, KILN_HERE);
/// The rows of `weight` ([num_embeddings, embedding_dim]) at `indices`
/// (int64 or int32, any shape): shape indices.sizes() + [embedding_dim].
Tensor embedding(const Tensor &weight, const Tensor &indices, KILN_HERE);

namespace nn::functional {

/// max(x, 0).
Tensor relu(const Tensor &input, KILN_HERE);
/// x * sigmoid(x).
Tensor silu(const Tensor &input, KILN_HERE);

/// Options of gelu and nn::GELU: approximate("none") computes with erf,
/// approximate("tanh") with PyTorch's tanh approximation.
class GELUFuncOptions {
public:
  GELUFuncOptions &approximate(std::string value) {
    approximation = std::move(value);
    return *this;
  }
  const std::string &approximate() const { return approximation; }

private:
  std::string approximation = "none";
};
Tensor gelu(const Tensor &input, const GELUFuncOptions &options = {},
            KILN_HERE);

/// Options of dropout and dropout2d: DropoutFuncOptions().p(0.2).training(
/// false).
class DropoutFuncOptions {
public:
  DropoutFuncOptions &p(double value) {
    probability = value;
    return *this;
  }
  DropoutFuncOptions &training(bool value) {
    isTraining = value;
    return *this;
  }
  double p() const { return probability; }
  bool training() const { return isTraining; }

private:
  double probability = 0.5;
  bool isTraining = true;
};
using Dropout2dFuncOptions = DropoutFuncOptions;
/// kiln::dropout with the options' p and training flag.
Tensor dropout(const Tensor &input, const DropoutFuncOptions &options = {},
               KILN_HERE);
/// Dropout of whole channels of an input [N, C, H, W] or [C, H, W].
Tensor dropout2d(const Tensor &input, const Dropout2dFuncOptions &options = {},
                 KILN_HERE);

/// Options of layer_norm: LayerNormFuncOptions({4}).weight(w).bias(b).
class LayerNormFuncOptions {
public:
  LayerNormFuncOptions(std::vector<int64_t> normalized_shape)
      : shape(std::move(normalized_shape)) {}
  LayerNormFuncOptions &weight(Tensor value) {
    scale = std::move(value);
    return *this;
  }
  LayerNormFuncOptions &bias(Tensor value) {
    shift = std::move(value);
    return *this;
  }
  LayerNormFuncOptions &eps(double value) {
    epsilon = value;
    return *this;
  }
  const std::vector<int64_t> &normalized_shape() const { return shape; }
  const Tensor &weight() const { return scale; }
  const Tensor &bias() const { return shift; }
  double eps() const { return epsilon; }

private:
  std::vector<int64_t> shape;
  Tensor scale, shift;
  double epsilon = 1e-5;
};
Tensor layer_norm(const Tensor &input, const LayerNormFuncOptions &options,
                  KILN_HERE);

/// Options of batch_norm: BatchNormFuncOptions().weight(w).training(true).
class BatchNormFuncOptions {
public:
  BatchNormFuncOptions &weight(Tensor value) {
    scale = std::move(value);
    return *this;
  }
  BatchNormFuncOptions &bias(Tensor value) {
    shift = std::move(value);
    return *this;
  }
  BatchNormFuncOptions &training(bool value) {
    isTraining = value;
    return *this;
  }
  BatchNormFuncOptions &momentum(double value) {
    factor = value;
    return *this;
  }
  BatchNormFuncOptions &eps(double value) {
    epsilon = value;
    return *this;
  }
  const Tensor &weight() const { return scale; }
  const Tensor &bias() const { return shift; }
  bool training() const { return isTraining; }
  double momentum() const { return factor; }
  double eps() const { return epsilon; }

private:
  Tensor scale, shift;
  bool isTraining = false;
  double factor = 0.1, epsilon = 1e-5;
};
/// kiln::batch_norm with the running statistics and the options.
Tensor batch_norm(const Tensor &input, const Tensor &running_mean,
                  const Tensor &running_var,
                  const BatchNormFuncOptions &options = {}, KILN_HERE);

/// kiln::embedding: the rows of `weight` at `input`.
Tensor embedding(const Tensor &input, const Tensor &weight, KILN_HERE);
/// Options of embedding: EmbeddingFuncOptions().padding_idx(0).
class EmbeddingFuncOptions {
public:
  /// A row of `weight` that gets no gradient (negative: from the end).
  EmbeddingFuncOptions &padding_idx(int64_t value) {
    paddingRow = value;
    return *this;
  }
  std::optional<int64_t> padding_idx() const { return paddingRow; }

private:
  std::optional<int64_t> paddingRow;
};
/// embedding with a padding row.
Tensor embedding(const Tensor &input, const Tensor &weight,
                 const EmbeddingFuncOptions &options, KILN_HERE);

/// Mean (or sum) of absolute differences.
Tensor l1_loss(const Tensor &input, const Tensor &target,
               Reduction reduction = kMean, KILN_HERE);

/// Options of binary_cross_entropy_with_logits: a `weight` for each element
/// (broadcast to the input), a `pos_weight` for the positive term of each
/// class (broadcast along the last dimension) and the reduction.
class BinaryCrossEntropyWithLogitsFuncOptions {
public:
  BinaryCrossEntropyWithLogitsFuncOptions &weight(Tensor value) {
    elementWeight = std::move(value);
    return *this;
  }
  BinaryCrossEntropyWithLogitsFuncOptions &pos_weight(Tensor value) {
    positiveWeight = std::move(value);
    return *this;
  }
  BinaryCrossEntropyWithLogitsFuncOptions &reduction(Reduction value) {
    reductionKind = value;
    return *this;
  }
  const Tensor &weight() const { return elementWeight; }
  const Tensor &pos_weight() const { return positiveWeight; }
  Reduction reduction() const { return reductionKind; }

private:
  Tensor elementWeight, positiveWeight;
  Reduction reductionKind = kMean;
};
/// Binary cross entropy of sigmoid(input) against `target` (same shape),
/// in the stable form max(x, 0) - x * y + log(1 + exp(-|x|)).
Tensor binary_cross_entropy_with_logits(
    const Tensor &input, const Tensor &target,
    const BinaryCrossEntropyWithLogitsFuncOptions &options = {}, KILN_HERE);

/// Options of nll_loss: NLLLossFuncOptions().weight(w).ignore_index(0).
class NLLLossFuncOptions {
public:
  /// Class weights ([C]): a sample's loss is scaled by its class's weight,
  /// and the mean divides by the weights of the samples counted.
  NLLLossFuncOptions &weight(Tensor value) {
    classWeight = std::move(value);
    return *this;
  }
  /// Samples of this target contribute nothing, to the mean's count either.
  NLLLossFuncOptions &ignore_index(int64_t value) {
    ignoredClass = value;
    return *this;
  }
  NLLLossFuncOptions &reduction(Reduction value) {
    reductionKind = value;
    return *this;
  }
  const Tensor &weight() const { return classWeight; }
  int64_t ignore_index() const { return ignoredClass; }
  Reduction reduction() const { return reductionKind; }

private:
  Tensor classWeight;
  int64_t ignoredClass = -100;
  Reduction reductionKind = kMean;
};
/// nll_loss with class weights and an ignored target.
Tensor nll_loss(const Tensor &input, const Tensor &target,
                const NLLLossFuncOptions &options, KILN_HERE);

/// Options of cross_entropy: CrossEntropyFuncOptions().label_smoothing(0.1).
class CrossEntropyFuncOptions {
public:
  CrossEntropyFuncOptions &reduction(Reduction value) {
    reductionKind = value;
    return *this;
  }
  /// The target becomes (1 - value) * one_hot + value / C.
  CrossEntropyFuncOptions &label_smoothing(double value) {
    smoothing = value;
    return *this;
  }
  /// Class weights ([C]), as nll_loss's.
  CrossEntropyFuncOptions &weight(Tensor value) {
    classWeight = std::move(value);
    return *this;
  }
  /// Samples of this target contribute nothing, as in nll_loss.
  CrossEntropyFuncOptions &ignore_index(int64_t value) {
    ignoredClass = value;
    return *this;
  }
  Reduction reduction() const { return reductionKind; }
  double label_smoothing() const { return smoothing; }
  const Tensor &weight() const { return classWeight; }
  int64_t ignore_index() const { return ignoredClass; }

private:
  Reduction reductionKind = kMean;
  double smoothing = 0;
  Tensor classWeight;
  int64_t ignoredClass = -100;
};
/// cross_entropy with label smoothing, class weights and an ignored target.
Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     const CrossEntropyFuncOptions &options, KILN_HERE);

} // namespace nn::functional
} // namespace kiln

#endif // KILN_NN_FUNCTIONAL_H
