//===- Convolution.cpp - conv2d and pooling, traced --------------------===//

#include "Trace.h"

#include "kiln/Functions.h"

namespace kiln {

using detail::callSite;
using detail::dtypeOf;
using detail::fail;
using detail::NodePtr;
using detail::nodeOf;
using detail::shapeText;
using detail::Shape;

namespace {

/// The checked [N, C, H, W] input of a convolution or pooling op.
NodePtr spatialInput(const Tensor &input, const char *op,
                     SourceLocation where) {
  NodePtr x = nodeOf(input, op, where);
  if (x->spec.shape.size() != 4)
    fail(op, "expects a 4-d input [N, C, H, W], got " +
                 shapeText(x->spec.shape),
         where);
  if (!isFloatingPoint(dtypeOf(x)))
    fail(op, "expects a floating point input, got " +
                 std::string(toString(dtypeOf(x))),
         where);
  return x;
}

/// The output size of one spatial dimension; fails when the window does not
/// fit.
int64_t outputSize(int64_t in, int64_t window, int64_t stride, int64_t pad,
                   int64_t dilation, const char *op, SourceLocation where) {
  if (window <= 0 || stride <= 0 || pad < 0 || dilation <= 0)
    fail(op, "kernel, stride and dilation must be positive and padding "
             "non-negative",
         where);
  int64_t span = dilation * (window - 1) + 1;
  if (in + 2 * pad < span)
    fail(op, "the window (" + std::to_string(span) +
                 ") is larger than the padded input (" +
                 std::to_string(in + 2 * pad) + ")",
         where);
  return (in + 2 * pad - span) / stride + 1;
}

Tensor pool(OpKind kind, const Tensor &input, ExpandingArray<2> kernel,
            ExpandingArray<2> stride, ExpandingArray<2> padding,
            SourceLocation where) {
  const char *op = opName(kind);
  NodePtr x = spatialInput(input, op, where);
  Shape shape = x->spec.shape;
  std::vector<int64_t> attributes;
  for (ExpandingArray<2> part : {kernel, stride, padding})
    attributes.insert(attributes.end(), part.begin(), part.end());
  for (int i = 0; i < 2; ++i) {
    // PyTorch: the stride defaults to the kernel size.
    if (attributes[2 + i] == 0)
      attributes[2 + i] = kernel[i];
    if (2 * padding[i] > kernel[i])
      fail(op, "padding must be at most half the kernel size", where);
    shape[2 + i] = outputSize(shape[2 + i], kernel[i], attributes[2 + i],
                              padding[i], 1, op, where);
  }
  return detail::makeTensor(detail::record(
      kind, detail::specOf(dtypeOf(x), shape), {x}, attributes, where));
}

} // namespace

Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor &bias,
              ExpandingArray<2> stride, ExpandingArray<2> padding,
              ExpandingArray<2> dilation, int64_t groups,
              SourceLocation where) {
  where = callSite(where);
  const char *op = "kiln.conv2d";
  NodePtr x = spatialInput(input, op, where);
  NodePtr w = nodeOf(weight, op, where);
  const Shape &in = x->spec.shape, &ws = w->spec.shape;
  if (ws.size() != 4)
    fail(op, "expects a 4-d weight [O, C / groups, kH, kW], got " +
                 shapeText(ws),
         where);
  if (dtypeOf(w) != dtypeOf(x))
    fail(op, "input and weight must have the same dtype, got " +
                 std::string(toString(dtypeOf(x))) + " and " +
                 std::string(toString(dtypeOf(w))),
         where);
  if (groups <= 0 || in[1] % groups != 0 || ws[0] % groups != 0 ||
      ws[1] * groups != in[1])
    fail(op, "input " + shapeText(in) + " and weight " + shapeText(ws) +
                 " do not match with groups = " + std::to_string(groups) +
                 ": the weight needs C / groups input channels",
         where);
  Shape shape = {in[0], ws[0], 0, 0};
  for (int i = 0; i < 2; ++i)
    shape[2 + i] = outputSize(in[2 + i], ws[2 + i], stride[i], padding[i],
                              dilation[i], op, where);
  std::vector<int64_t> attributes;
  for (ExpandingArray<2> part : {stride, padding, dilation})
    attributes.insert(attributes.end(), part.begin(), part.end());
  attributes.push_back(groups);
  Tensor result = detail::makeTensor(
      detail::record(OpKind::Conv2d, detail::specOf(dtypeOf(x), shape), {x, w},
                     attributes, where));
  if (!bias.defined())
    return result;
  NodePtr b = nodeOf(bias, op, where);
  if (dtypeOf(b) != dtypeOf(x))
    fail(op, "bias must have the input's dtype " +
                 std::string(toString(dtypeOf(x))) + ", got " +
                 std::string(toString(dtypeOf(b))),
         where);
  if (b->spec.shape != Shape{ws[0]})
    fail(op, "bias must have shape [" + std::to_string(ws[0]) + "], got " +
                 shapeText(b->spec.shape),
         where);
  return add(result, bias.view({1, ws[0], 1, 1}, where), where);
}

Tensor max_pool2d(const Tensor &input, ExpandingArray<2> kernelSize,
                  ExpandingArray<2> stride, ExpandingArray<2> padding,
                  SourceLocation where) {
  return pool(OpKind::MaxPool2d, input, kernelSize, stride, padding,
              callSite(where));
}

Tensor avg_pool2d(const Tensor &input, ExpandingArray<2> kernelSize,
                  ExpandingArray<2> stride, ExpandingArray<2> padding,
                  SourceLocation where) {
  return pool(OpKind::AvgPool2d, input, kernelSize, stride, padding,
              callSite(where));
}

Tensor adaptive_avg_pool2d(const Tensor &input, ExpandingArray<2> outputSize,
                           SourceLocation where) {
  where = callSite(where);
  const char *op = "kiln.adaptive_avg_pool2d";
  NodePtr x = spatialInput(input, op, where);
  int64_t in[2] = {x->spec.shape[2], x->spec.shape[3]};
  for (int i = 0; i < 2; ++i)
    if (outputSize[i] <= 0)
      fail(op, "output sizes must be positive", where);
  // Sizes that divide evenly are one pooling op.
  if (in[0] % outputSize[0] == 0 && in[1] % outputSize[1] == 0) {
    int64_t kh = in[0] / outputSize[0], kw = in[1] / outputSize[1];
    return avg_pool2d(input, {kh, kw}, {kh, kw}, 0, where);
  }
  // Otherwise PyTorch's windows: output cell i of a dimension averages
  // input positions [floor(i * in / out), ceil((i + 1) * in / out)).
  auto window = [&](int d, int64_t i) {
    int64_t begin = i * in[d] / outputSize[d];
    int64_t end = ((i + 1) * in[d] + outputSize[d] - 1) / outputSize[d];
    return std::pair(begin, end - begin);
  };
  std::vector<Tensor> rows;
  for (int64_t i = 0; i < outputSize[0]; ++i) {
    auto [top, height] = window(0, i);
    Tensor band = input.narrow(2, top, height, where);
    std::vector<Tensor> cells;
    for (int64_t j = 0; j < outputSize[1]; ++j) {
      auto [left, width] = window(1, j);
      cells.push_back(band.narrow(3, left, width, where)
                          .mean(std::vector<int64_t>{2, 3}, false, where));
    }
    rows.push_back(stack(cells, 2, where));
  }
  return stack(rows, 2, where);
}

} // namespace kiln
