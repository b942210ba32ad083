//===- nn/Conv.h - convolution and pooling modules --------------*- C++ -*-===//
//
// Conv2d, MaxPool2d, AvgPool2d and AdaptiveAvgPool2d as libtorch spells
// them: `nn::Conv2d conv{nn::Conv2dOptions(1, 10, 5).stride(1)}`,
// `conv->forward(x)`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_NN_CONV_H
#define KILN_NN_CONV_H

#include "kiln/ExpandingArray.h"
#include "kiln/Functions.h"
#include "kiln/nn.h"

namespace kiln::nn {

/// Options of Conv2d, as libtorch's: Conv2dOptions(1, 10, 5).stride(2).
struct Conv2dOptions {
  Conv2dOptions(int64_t inChannels, int64_t outChannels,
                ExpandingArray<2> kernelSize)
      : inChannels(inChannels), outChannels(outChannels),
        kernelSize(kernelSize) {}
  Conv2dOptions &stride(ExpandingArray<2> value) { return set(strides, value); }
  Conv2dOptions &padding(ExpandingArray<2> value) { return set(paddings, value); }
  Conv2dOptions &dilation(ExpandingArray<2> value) {
    return set(dilations, value);
  }
  Conv2dOptions &groups(int64_t value) {
    groupCount = value;
    return *this;
  }
  Conv2dOptions &bias(bool value) {
    withBias = value;
    return *this;
  }

  int64_t inChannels, outChannels;
  ExpandingArray<2> kernelSize, strides = 1, paddings = 0, dilations = 1;
  int64_t groupCount = 1;
  bool withBias = true;

private:
  Conv2dOptions &set(ExpandingArray<2> &field, ExpandingArray<2> value) {
    field = value;
    return *this;
  }
};

/// A 2-D convolution over [N, C, H, W], initialized as PyTorch's nn.Conv2d
/// (uniform in +-1/sqrt(fan_in) for the weight and the bias).
class Conv2dImpl : public Module {
public:
  Conv2dImpl(int64_t inChannels, int64_t outChannels,
             ExpandingArray<2> kernelSize)
      : Conv2dImpl(Conv2dOptions(inChannels, outChannels, kernelSize)) {}
  explicit Conv2dImpl(const Conv2dOptions &options);
  Tensor forward(const Tensor &input);

  Conv2dOptions options;
  Tensor weight, bias;
};
using Conv2d = ModuleHolder<Conv2dImpl>;

/// Options of the pooling modules: kernel, stride (the kernel by default)
/// and padding.
struct Pool2dOptions {
  Pool2dOptions(ExpandingArray<2> kernelSize)
      : kernelSize(kernelSize), strides(kernelSize) {}
  Pool2dOptions &stride(ExpandingArray<2> value) {
    strides = value;
    return *this;
  }
  Pool2dOptions &padding(ExpandingArray<2> value) {
    paddings = value;
    return *this;
  }
  ExpandingArray<2> kernelSize, strides, paddings = 0;
};
using MaxPool2dOptions = Pool2dOptions;
using AvgPool2dOptions = Pool2dOptions;

/// A pooling module calling `Pool` (kiln::max_pool2d or avg_pool2d).
template <Tensor (*Pool)(const Tensor &, ExpandingArray<2>, ExpandingArray<2>,
                         ExpandingArray<2>, SourceLocation)>
class Pool2dImpl : public Module {
public:
  Pool2dImpl(const Pool2dOptions &options) : options(options) {}
  Pool2dImpl(ExpandingArray<2> kernelSize) : options(kernelSize) {}
  Tensor forward(const Tensor &input) {
    return Pool(input, options.kernelSize, options.strides, options.paddings,
                SourceLocation::current());
  }
  Pool2dOptions options;
};
using MaxPool2dImpl = Pool2dImpl<max_pool2d>;
using AvgPool2dImpl = Pool2dImpl<avg_pool2d>;
using MaxPool2d = ModuleHolder<MaxPool2dImpl>;
using AvgPool2d = ModuleHolder<AvgPool2dImpl>;

/// Average pooling to a fixed output size, with PyTorch's windows.
class AdaptiveAvgPool2dImpl : public Module {
public:
  AdaptiveAvgPool2dImpl(ExpandingArray<2> outputSize)
      : outputSize(outputSize) {}
  Tensor forward(const Tensor &input) {
    return adaptive_avg_pool2d(input, outputSize, SourceLocation::current());
  }
  ExpandingArray<2> outputSize;
};
using AdaptiveAvgPool2d = ModuleHolder<AdaptiveAvgPool2dImpl>;

} // namespace kiln::nn

#endif // KILN_NN_CONV_H
