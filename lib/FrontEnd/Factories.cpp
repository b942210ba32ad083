//===- Factories.cpp - creating tensors -----------------------------------===//
//
// Tensors of known values are made on the host, computed from the start, so
// they enter graphs as arguments; random tensors are lazy nodes whose seed is
// an argument, so a new seed never recompiles.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/runtime/DType.h"

#include <atomic>
#include <cmath>
#include <cstring>

namespace kiln {

using detail::callSite;
using detail::fail;
using detail::makeTensor;
using detail::Shape;
using detail::specOf;

namespace {

std::atomic<uint64_t> generatorState{0x853c49e6748fea9bULL};

/// The next seed of kiln's generator (splitmix64 over its state).
int64_t nextSeed() {
  uint64_t z = generatorState.fetch_add(0x9e3779b97f4a7c15ULL) +
               0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<int64_t>(z ^ (z >> 31));
}

/// Tensors are bounded by 2^40 elements, far above any host's memory, so
/// element counts and byte sizes never overflow.
constexpr int64_t kMaxElements = int64_t{1} << 40;

void checkShape(const Shape &shape, const char *op, SourceLocation where) {
  int64_t numel = 1;
  for (int64_t size : shape) {
    if (size < 0)
      fail(op, "negative dimension in shape " + detail::shapeText(shape), where);
    if (size > 0 && numel > kMaxElements / size)
      fail(op, "shape " + detail::shapeText(shape) + " is too large", where);
    numel *= size;
  }
}

/// A new tensor holding `node`, on `options`' device, requiring grad when
/// the options ask for it.
Tensor placed(detail::NodePtr node, const TensorOptions &options,
              const char *op, SourceLocation where) {
  Tensor result = makeTensor(detail::place(std::move(node), options.device(),
                                           op, where));
  if (options.requires_grad())
    result.requires_grad_(true, where);
  return result;
}

template <typename Fill>
Tensor hostTensor(Shape shape, TensorOptions options, const char *op,
                  SourceLocation where, Fill fill) {
  checkShape(shape, op, where);
  Dtype dtype = options.dtype();
  runtime::TensorSpec spec = specOf(dtype, std::move(shape));
  runtime::HostBuffer buffer(spec.byteSize());
  for (int64_t i = 0; i < spec.numel(); ++i)
    runtime::storeElement(spec.dtype, buffer.data(), i, fill(i));
  return placed(detail::computedNode(std::move(spec), std::move(buffer)),
                options, op, where);
}

Tensor randomTensor(OpKind kind, Shape shape, TensorOptions options,
                    const char *op, SourceLocation where) {
  checkShape(shape, op, where);
  Dtype dtype = options.dtype();
  if (!isFloatingPoint(dtype))
    fail(op, "expects a floating point dtype", where);
  auto seed = detail::scalarNode(static_cast<double>(nextSeed() >> 11), kInt64);
  return placed(
      detail::record(kind, specOf(dtype, std::move(shape)), {seed}, {}, where),
      options, op, where);
}

} // namespace

Tensor zeros(IntArrayRef shape, TensorOptions options, SourceLocation where) {
  return full(std::move(shape), 0, options, where);
}

Tensor ones(IntArrayRef shape, TensorOptions options, SourceLocation where) {
  return full(std::move(shape), 1, options, where);
}

Tensor empty(IntArrayRef shape, TensorOptions options, SourceLocation where) {
  return full(std::move(shape), 0, options, where);
}

Tensor full(IntArrayRef shape, Scalar value, TensorOptions options,
            SourceLocation where) {
  return hostTensor(std::move(shape), options, "kiln.full",
                    callSite(where), [&](int64_t) { return value.value(); });
}

Tensor arange(Scalar end, TensorOptions options, SourceLocation where) {
  return arange(0, end, 1, options, where);
}

Tensor arange(Scalar start, Scalar end, Scalar step, TensorOptions options,
              SourceLocation where) {
  where = callSite(where);
  if (step.value() == 0)
    fail("kiln.arange", "step must be nonzero", where);
  if (!std::isfinite(start.value()) || !std::isfinite(end.value()) ||
      !std::isfinite(step.value()))
    fail("kiln.arange", "bounds and step must be finite", where);
  double count = std::ceil((end.value() - start.value()) / step.value());
  if (count < 0)
    fail("kiln.arange", "upper bound and step have inconsistent signs", where);
  return hostTensor({static_cast<int64_t>(count)}, options,
                    "kiln.arange", where, [&](int64_t i) {
                      return start.value() + static_cast<double>(i) * step.value();
                    });
}

Tensor linspace(double start, double end, int64_t steps, TensorOptions options,
                SourceLocation where) {
  where = callSite(where);
  if (steps < 0)
    fail("kiln.linspace", "number of steps must be non-negative", where);
  double delta = steps > 1 ? (end - start) / static_cast<double>(steps - 1) : 0;
  return hostTensor({steps}, options, "kiln.linspace", where,
                    [&](int64_t i) {
                      return i == steps - 1 ? end
                                            : start + static_cast<double>(i) * delta;
                    });
}

Tensor eye(int64_t n, TensorOptions options, SourceLocation where) {
  return hostTensor({n, n}, options, "kiln.eye", callSite(where),
                    [&](int64_t i) { return i / n == i % n ? 1.0 : 0.0; });
}

Tensor rand(IntArrayRef shape, TensorOptions options, SourceLocation where) {
  return randomTensor(OpKind::RandomUniform, std::move(shape), options,
                      "kiln.rand", callSite(where));
}

Tensor randn(IntArrayRef shape, TensorOptions options, SourceLocation where) {
  return randomTensor(OpKind::RandomNormal, std::move(shape), options,
                      "kiln.randn", callSite(where));
}

Tensor randint(int64_t low, int64_t high, IntArrayRef shape,
               TensorOptions options, SourceLocation where) {
  where = callSite(where);
  if (high <= low)
    fail("kiln.randint", "high must be greater than low", where);
  Tensor u = rand(std::move(shape),
                  TensorOptions(kFloat64).device(options.device()), where);
  // floor(u * (high - low)) + low, truncation being floor for u >= 0.
  return (u * static_cast<double>(high - low)).to(kInt64, where).to(
             options.dtype(), where) +
         Scalar(low);
}

Tensor from_blob(const void *data, IntArrayRef shape, TensorOptions options,
                 SourceLocation where) {
  where = callSite(where);
  checkShape(shape, "kiln.from_blob", where);
  runtime::TensorSpec spec = specOf(options.dtype(), std::move(shape));
  runtime::HostBuffer buffer(spec.byteSize());
  std::memcpy(buffer.data(), data, spec.byteSize());
  return placed(detail::computedNode(std::move(spec), std::move(buffer)),
                options, "kiln.from_blob", where);
}

bool TensorData::flatten(std::vector<int64_t> &shape,
                         std::vector<double> &values) const {
  if (!isList) {
    values.push_back(scalar);
    return true;
  }
  // The first element fixes the shape below this level; the others match it.
  std::vector<int64_t> inner;
  for (size_t i = 0; i < elements.size(); ++i) {
    std::vector<int64_t> elementShape;
    if (!elements[i].flatten(elementShape, values))
      return false;
    if (i == 0)
      inner = elementShape;
    else if (elementShape != inner)
      return false;
  }
  shape.push_back(static_cast<int64_t>(elements.size()));
  shape.insert(shape.end(), inner.begin(), inner.end());
  return true;
}

Tensor tensor(const TensorData &data, TensorOptions options,
              SourceLocation where) {
  where = callSite(where);
  Shape shape;
  std::vector<double> values;
  if (!data.flatten(shape, values))
    fail("kiln.tensor", "nested lists have different lengths", where);
  return hostTensor(std::move(shape), options, "kiln.tensor", where,
                    [&](int64_t i) { return values[i]; });
}

void manual_seed(uint64_t seed) { generatorState = seed; }

} // namespace kiln
