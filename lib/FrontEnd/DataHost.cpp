//===- DataHost.cpp - host copies for datasets and transforms -------------===//
//
// These run on data loaders' threads: they read computed values without the
// runtime's lock and make computed tensors, so they never wait for, nor add
// to, the training step the main thread is computing.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include "kiln/data/Host.h"
#include "kiln/runtime/DType.h"

#include <cstring>

namespace kiln::data::detail {

namespace {

using kiln::detail::fail;
using kiln::detail::NodePtr;
using kiln::detail::Shape;

/// `node`'s value in host memory; a computed host value without locking.
runtime::HostBuffer hostBuffer(const NodePtr &node, SourceLocation where) {
  if (node->computed() && node->value)
    return *node->value;
  return kiln::detail::hostValue(node, where);
}

Tensor fromBuffer(runtime::DType dtype, Shape shape,
                  runtime::HostBuffer buffer) {
  return kiln::detail::makeTensor(kiln::detail::computedNode(
      runtime::TensorSpec{dtype, std::move(shape)}, std::move(buffer)));
}

/// A new buffer holding `bytes` bytes of `source` from `offset`.
runtime::HostBuffer copyBytes(const runtime::HostBuffer &source, size_t offset,
                              size_t bytes) {
  runtime::HostBuffer copy = runtime::HostBuffer::uninitialized(bytes);
  std::memcpy(copy.data(), static_cast<const char *>(source.data()) + offset,
              bytes);
  return copy;
}

} // namespace

Tensor hostCopy(const Tensor &tensor, const char *op, SourceLocation where) {
  NodePtr node = kiln::detail::nodeOf(tensor, op, where);
  return fromBuffer(
      node->spec.dtype, node->spec.shape,
      copyBytes(hostBuffer(node, where), 0, node->spec.byteSize()));
}

Tensor copyRow(const Tensor &tensor, size_t index, const char *op,
               SourceLocation where) {
  NodePtr node = kiln::detail::nodeOf(tensor, op, where);
  const Shape &shape = node->spec.shape;
  if (shape.empty())
    fail(op, "a 0-d tensor has no examples", where);
  if (index >= static_cast<size_t>(shape[0]))
    fail(op,
         "index " + std::to_string(index) + " is out of range for " +
             std::to_string(shape[0]) + " examples",
         where);
  size_t bytes = node->spec.byteSize() / shape[0];
  return fromBuffer(node->spec.dtype, Shape(shape.begin() + 1, shape.end()),
                    copyBytes(hostBuffer(node, where), index * bytes, bytes));
}

Tensor stackOnHost(const std::vector<Tensor> &tensors, const char *op,
                   SourceLocation where) {
  if (tensors.empty())
    fail(op, "no examples to stack", where);
  std::vector<NodePtr> nodes;
  for (const Tensor &tensor : tensors) {
    nodes.push_back(kiln::detail::nodeOf(tensor, op, where));
    if (!(nodes.back()->spec == nodes.front()->spec))
      fail(op,
           "example " + std::to_string(nodes.size() - 1) + " is " +
               nodes.back()->spec.str() + ", example 0 is " +
               nodes.front()->spec.str(),
           where);
  }
  size_t bytes = nodes.front()->spec.byteSize();
  runtime::HostBuffer batch =
      runtime::HostBuffer::uninitialized(bytes * nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i)
    std::memcpy(static_cast<char *>(batch.data()) + i * bytes,
                hostBuffer(nodes[i], where).data(), bytes);
  Shape shape = nodes.front()->spec.shape;
  shape.insert(shape.begin(), static_cast<int64_t>(nodes.size()));
  return fromBuffer(nodes.front()->spec.dtype, std::move(shape),
                    std::move(batch));
}

void computeBatch(Tensor &tensor) {
  if (!tensor.defined())
    return;
  NodePtr node = kiln::detail::currentNode(tensor.unsafeImpl());
  if (!node->computed())
    kiln::detail::compute({node}, kiln::detail::callSite({}));
}

void checkNormalization(const std::vector<double> &mean,
                        const std::vector<double> &stddev,
                        SourceLocation where) {
  const char *op = "kiln.data.transforms.Normalize";
  if (mean.empty() || mean.size() != stddev.size())
    fail(op,
         std::to_string(mean.size()) + " means and " +
             std::to_string(stddev.size()) + " standard deviations",
         where);
  for (double deviation : stddev)
    if (deviation == 0)
      fail(op, "a standard deviation is zero", where);
}

Tensor normalizeOnHost(const Tensor &input, const std::vector<double> &mean,
                       const std::vector<double> &stddev,
                       SourceLocation where) {
  const char *op = "kiln.data.transforms.Normalize";
  NodePtr node = kiln::detail::nodeOf(input, op, where);
  const runtime::TensorSpec &spec = node->spec;
  // Per channel: the channel is the third dimension from the end, as
  // libtorch's [C, 1, 1] mean broadcasts.
  size_t channels = mean.size();
  int64_t rank = static_cast<int64_t>(spec.shape.size());
  if (channels > 1 &&
      (rank < 3 || spec.shape[rank - 3] != static_cast<int64_t>(channels)))
    fail(op,
         std::to_string(channels) + " channels do not match data of shape " +
             kiln::detail::shapeText(spec.shape),
         where);
  size_t plane = 1;
  for (int64_t d = std::max<int64_t>(rank - 2, 0); d < rank; ++d)
    plane *= spec.shape[d];
  runtime::DType dtype =
      runtime::info(spec.dtype).isFloat ? spec.dtype : runtime::DType::f32;
  runtime::HostBuffer source = hostBuffer(node, where);
  runtime::HostBuffer result = runtime::HostBuffer::uninitialized(
      spec.numel() * runtime::info(dtype).size);
  for (size_t i = 0, n = spec.numel(); i < n; ++i) {
    size_t c = channels > 1 ? i / plane % channels : 0;
    double value = runtime::loadElement(spec.dtype, source.data(), i);
    runtime::storeElement(dtype, result.data(), i,
                          (value - mean[c]) / stddev[c]);
  }
  return fromBuffer(dtype, spec.shape, std::move(result));
}

} // namespace kiln::data::detail
