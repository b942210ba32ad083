//===- nn/Normalization.h - LayerNorm, BatchNorm1d, BatchNorm2d -*- C++ -*-===//

#ifndef KILN_NN_NORMALIZATION_H
#define KILN_NN_NORMALIZATION_H

#include "kiln/nn.h"

#include <optional>

namespace kiln::nn {

/// Options of LayerNorm: LayerNormOptions({4}).eps(1e-6).
class LayerNormOptions {
public:
  LayerNormOptions(std::vector<int64_t> normalized_shape)
      : shape(std::move(normalized_shape)) {}
  LayerNormOptions &eps(double value) {
    epsilon = value;
    return *this;
  }
  LayerNormOptions &elementwise_affine(bool value) {
    affine = value;
    return *this;
  }
  const std::vector<int64_t> &normalized_shape() const { return shape; }
  double eps() const { return epsilon; }
  bool elementwise_affine() const { return affine; }

private:
  std::vector<int64_t> shape;
  double epsilon = 1e-5;
  bool affine = true;
};

/// kiln::layer_norm over the trailing `normalized_shape` dimensions, with a
/// learned `weight` (ones) and `bias` (zeros) of that shape when
/// elementwise_affine.
class LayerNormImpl : public Module {
public:
  explicit LayerNormImpl(const LayerNormOptions &options);
  Tensor forward(const Tensor &input, KILN_HERE);

  LayerNormOptions options;
  Tensor weight, bias;
};
using LayerNorm = ModuleHolder<LayerNormImpl>;

/// Options of BatchNorm1d and BatchNorm2d: BatchNormOptions(64).momentum(
/// 0.01). A momentum of std::nullopt averages all batches seen equally.
class BatchNormOptions {
public:
  BatchNormOptions(int64_t num_features) : features(num_features) {}
  BatchNormOptions &eps(double value) {
    epsilon = value;
    return *this;
  }
  BatchNormOptions &momentum(std::optional<double> value) {
    factor = value;
    return *this;
  }
  BatchNormOptions &affine(bool value) {
    learned = value;
    return *this;
  }
  BatchNormOptions &track_running_stats(bool value) {
    tracked = value;
    return *this;
  }
  int64_t num_features() const { return features; }
  double eps() const { return epsilon; }
  std::optional<double> momentum() const { return factor; }
  bool affine() const { return learned; }
  bool track_running_stats() const { return tracked; }

private:
  int64_t features;
  double epsilon = 1e-5;
  std::optional<double> factor = 0.1;
  bool learned = true, tracked = true;
};

/// Batch normalization per channel C of an input [N, C, ...]: batch
/// statistics in training mode, which also updates `running_mean` and
/// `running_var` (buffers) and counts `num_batches_tracked`; the running
/// statistics in eval mode. Without track_running_stats there are no
/// buffers and batch statistics are always used. `weight` (ones) and `bias`
/// (zeros) are parameters when affine.
class BatchNormImplBase : public Module {
public:
  Tensor forward(const Tensor &input, KILN_HERE);
  /// Running mean 0, variance 1, no batches seen.
  void reset_running_stats(KILN_HERE);

  BatchNormOptions options;
  Tensor weight, bias, running_mean, running_var, num_batches_tracked;

protected:
  /// `spatialDims`: 1 for inputs [N, C] or [N, C, L], 2 for [N, C, H, W].
  BatchNormImplBase(const BatchNormOptions &options, int64_t spatialDims);

private:
  int64_t spatialDims;
};

/// BatchNorm1d (D = 1) and BatchNorm2d (D = 2): they differ only in the
/// input ranks they accept.
template <int64_t D> class BatchNormImpl : public BatchNormImplBase {
public:
  explicit BatchNormImpl(const BatchNormOptions &options)
      : BatchNormImplBase(options, D) {}
};
using BatchNorm1dImpl = BatchNormImpl<1>;
using BatchNorm2dImpl = BatchNormImpl<2>;
using BatchNorm1d = ModuleHolder<BatchNorm1dImpl>;
using BatchNorm2d = ModuleHolder<BatchNorm2dImpl>;

} // namespace kiln::nn

#endif // KILN_NN_NORMALIZATION_H
