//===- TensorOps.cpp - kiln::Tensor's methods, operators and functions ----===//
//
// Each op checks its operands here, at the caller's line, and records a lazy
// node. Broadcasting and type promotion follow numpy and PyTorch.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/runtime/DType.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace kiln {

using detail::callSite;
using detail::dtypeOf;
using detail::fail;
using detail::makeTensor;
using detail::nodeOf;
using detail::NodePtr;
using detail::Operand;
using detail::Shape;
using detail::shapeText;
using detail::specOf;
using detail::wrapDim;

namespace {

/// The node and the user's call site of a method call.
struct Call {
  NodePtr x;
  SourceLocation where;
  Call(const Tensor &tensor, const char *op, SourceLocation fallback)
      : where(callSite(fallback)) {
    x = nodeOf(tensor, op, where);
  }
  int64_t rank() const { return static_cast<int64_t>(x->spec.shape.size()); }
  const Shape &shape() const { return x->spec.shape; }
};

/// Averages are defined for floating point tensors only, as in PyTorch.
void requireFloatingPoint(const Call &c, const char *op) {
  if (!isFloatingPoint(dtypeOf(c.x)))
    fail(op,
         "input dtype must be floating point, got " +
             std::string(toString(dtypeOf(c.x))),
         c.where);
}

/// Float ops on integer or bool tensors compute in the default float type.
NodePtr asFloat(const NodePtr &x, SourceLocation where) {
  return isFloatingPoint(dtypeOf(x)) ? x : detail::castTo(x, kFloat32, where);
}

Tensor floatUnary(const Tensor &t, OpKind kind, SourceLocation where) {
  Call c(t, opName(kind), where);
  return makeTensor(detail::unary(kind, asFloat(c.x, c.where), c.where));
}

Tensor numericUnary(const Tensor &t, OpKind kind, SourceLocation where) {
  Call c(t, opName(kind), where);
  if (dtypeOf(c.x) == kBool)
    fail(opName(kind), "is not defined for bool tensors", c.where);
  return makeTensor(detail::unary(kind, c.x, c.where));
}

/// add/sub/mul/div/maximum/minimum/pow with PyTorch's result types.
Tensor arithmetic(OpKind kind, Operand a, Operand b, SourceLocation where) {
  Dtype type = detail::resultType({a, b});
  bool trueDivision = kind == OpKind::Div || kind == OpKind::Pow;
  if (trueDivision && !isFloatingPoint(type))
    type = kFloat32;
  if (type == kBool && kind != OpKind::Maximum && kind != OpKind::Minimum)
    fail(opName(kind), "arithmetic on bool tensors is not supported", where);
  if (type == kBool) // max/min of bools: compute in int32 and narrow back.
    return makeTensor(detail::castTo(
        detail::elementwise(kind, {a, b}, kInt32, where), kBool, where));
  return makeTensor(detail::elementwise(kind, {a, b}, type, where));
}

Tensor comparison(int64_t predicate, Operand a, Operand b,
                  SourceLocation where) {
  Dtype type = detail::resultType({a, b});
  if (type == kBool)
    type = kInt32; // kiln.compare takes numbers
  return makeTensor(
      detail::elementwise(OpKind::Compare, {a, b}, type, where, {predicate}));
}

enum Predicate : int64_t { kEq = 0, kNe, kLt, kLe, kGt, kGe };

Operand operand(const Tensor &t, const char *op, SourceLocation where) {
  return Operand{nodeOf(t, op, where), std::nullopt};
}

Operand operand(Scalar s) { return Operand{nullptr, s}; }

SourceLocation operatorSite() { return callSite(SourceLocation()); }

/// The shape `requested` (with at most one -1) for `numel` elements.
Shape inferShape(Shape requested, int64_t numel, const char *op,
                 SourceLocation where, const Shape &from) {
  int64_t known = 1, inferred = -1;
  for (size_t i = 0; i < requested.size(); ++i) {
    if (requested[i] == -1) {
      if (inferred >= 0)
        fail(op, "only one dimension can be -1", where);
      inferred = static_cast<int64_t>(i);
    } else if (requested[i] < 0) {
      fail(op, "invalid size " + std::to_string(requested[i]), where);
    } else {
      known *= requested[i];
    }
  }
  if (inferred >= 0 && known > 0 && numel % known == 0)
    requested[inferred] = numel / known;
  int64_t total = std::accumulate(requested.begin(), requested.end(),
                                  int64_t{1}, std::multiplies<>());
  if (total != numel || (inferred >= 0 && known == 0))
    fail(op,
         "shape " + shapeText(requested) + " is invalid for input of size " +
             std::to_string(numel) + " (shape " + shapeText(from) + ")",
         where);
  return requested;
}

NodePtr sliceNode(const NodePtr &x, int64_t dim, int64_t start, int64_t end,
                  int64_t step, SourceLocation where) {
  const Shape &shape = x->spec.shape;
  std::vector<int64_t> starts(shape.size(), 0), limits = shape,
                       strides(shape.size(), 1);
  starts[dim] = start;
  limits[dim] = end;
  strides[dim] = step;
  Shape result = shape;
  result[dim] = end > start ? (end - start + step - 1) / step : 0;
  std::vector<int64_t> attributes = starts;
  if (end <= start) // an empty slice: keep the op's rule start <= limit
    limits[dim] = start;
  attributes.insert(attributes.end(), limits.begin(), limits.end());
  attributes.insert(attributes.end(), strides.begin(), strides.end());
  return detail::record(OpKind::Slice, specOf(dtypeOf(x), result), {x},
                        std::move(attributes), where);
}

NodePtr transposeNode(const NodePtr &x, std::vector<int64_t> perm,
                      SourceLocation where) {
  if (std::is_sorted(perm.begin(), perm.end()))
    return x;
  Shape shape;
  for (int64_t p : perm)
    shape.push_back(x->spec.shape[p]);
  return detail::record(OpKind::Transpose, specOf(dtypeOf(x), shape), {x},
                        std::move(perm), where);
}


std::vector<int64_t> allDims(int64_t rank) {
  std::vector<int64_t> dims(rank);
  std::iota(dims.begin(), dims.end(), 0);
  return dims;
}

/// Views share the pattern: a read function applied now and on every later
/// read of the view, and a write function that folds a written value back
/// into the base's value.
Tensor makeView(const Tensor &base, const Call &c, detail::ViewFunctions view) {
  auto shared = std::make_shared<const detail::ViewFunctions>(std::move(view));
  return detail::makeView(base, shared->read(c.x, c.where), shared);
}

Tensor reshapeView(const Tensor &base, const Call &c, Shape shape) {
  return makeView(
      base, c,
      {[shape](const NodePtr &x, SourceLocation where) {
         return detail::reshapeTo(x, shape, where);
       },
       [](const NodePtr &x, const NodePtr &value, SourceLocation where) {
         return detail::reshapeTo(value, x->spec.shape, where);
       }});
}

Tensor transposeView(const Tensor &base, const Call &c,
                     std::vector<int64_t> perm) {
  std::vector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  return makeView(
      base, c,
      {[perm](const NodePtr &x, SourceLocation where) {
         return transposeNode(x, perm, where);
       },
       [inverse](const NodePtr &, const NodePtr &value, SourceLocation where) {
         return transposeNode(value, inverse, where);
       }});
}

/// `base` with `value` written over its slice [start, start + size) along
/// `dim`: pad the value and a mask of the slice to the base's shape, select.
NodePtr insertSlice(const NodePtr &base, const NodePtr &value, int64_t dim,
                    int64_t start, SourceLocation where) {
  const Shape &shape = base->spec.shape;
  std::vector<int64_t> padding(2 * shape.size(), 0);
  padding[dim] = start;
  padding[shape.size() + dim] = shape[dim] - start - value->spec.shape[dim];
  Dtype dtype = dtypeOf(base);
  NodePtr padded = detail::record(
      OpKind::Pad, base->spec, {value, detail::scalarNode(0, dtype)}, padding,
      where);
  NodePtr ones = detail::broadcastTo(detail::scalarNode(1, kBool),
                                     value->spec.shape, "kiln.inplace", where);
  NodePtr mask = detail::record(OpKind::Pad, specOf(kBool, shape),
                                {ones, detail::scalarNode(0, kBool)}, padding,
                                where);
  return detail::record(OpKind::Select, base->spec, {mask, padded, base}, {},
                        where);
}

/// The slice [start, end) with `step` along `dim`; `dropDim` removes that
/// dimension afterwards (select).
Tensor sliceView(const Tensor &base, const Call &c, int64_t dim, int64_t start,
                 int64_t end, int64_t step, bool dropDim) {
  Shape sliced = c.shape();
  sliced[dim] = end > start ? (end - start + step - 1) / step : 0;
  Shape viewShape = sliced;
  if (dropDim)
    viewShape.erase(viewShape.begin() + dim);
  detail::ViewFunctions view;
  view.read = [=](const NodePtr &x, SourceLocation where) {
    return detail::reshapeTo(sliceNode(x, dim, start, end, step, where),
                             viewShape, where);
  };
  if (step == 1)
    view.write = [=](const NodePtr &x, const NodePtr &value,
                     SourceLocation where) {
      return insertSlice(x, detail::reshapeTo(value, sliced, where), dim, start,
                         where);
    };
  else
    view.readOnlyReason =
        "in-place writes through a strided slice are not supported yet";
  return makeView(base, c, std::move(view));
}

/// Sums of ints and bools accumulate in int64, as PyTorch does.
NodePtr sumInput(const NodePtr &x, SourceLocation where) {
  return isFloatingPoint(dtypeOf(x)) ? x : detail::castTo(x, kInt64, where);
}

/// Replaces the value of `self` by `value` cast to self's dtype, checking
/// that the cast is one PyTorch allows in place.
Tensor &assign(Tensor &self, NodePtr value, const char *op,
               SourceLocation where) {
  const NodePtr &current = detail::currentNode(self.unsafeImpl());
  Dtype target = dtypeOf(current), result = dtypeOf(value);
  if (isFloatingPoint(result) && !isFloatingPoint(target))
    fail(op,
         std::string("result type ") + std::string(toString(result)) +
             " can't be cast to the desired output type " +
             std::string(toString(target)),
         where);
  if (value->spec.shape != current->spec.shape)
    fail(op,
         "output with shape " + shapeText(current->spec.shape) +
             " doesn't match the broadcast shape " +
             shapeText(value->spec.shape),
         where);
  // Moved, not copied: writeNode copies a value other handles still share.
  if (result != target)
    value = detail::castTo(value, target, where);
  detail::writeNode(self.unsafeImpl(), std::move(value), where);
  return self;
}

} // namespace

Tensor::Tensor(std::shared_ptr<detail::TensorImpl> impl)
    : impl(std::move(impl)) {}

const std::shared_ptr<detail::TensorImpl> &
Tensor::checked(SourceLocation where) const {
  if (!impl)
    fail("kiln.tensor", "the tensor is undefined", callSite(where));
  return impl;
}

std::vector<int64_t> Tensor::sizes(SourceLocation where) const {
  return checked(where)->node->spec.shape;
}

int64_t Tensor::size(int64_t d, SourceLocation where) const {
  const Shape &shape = checked(where)->node->spec.shape;
  return shape[wrapDim(d, static_cast<int64_t>(shape.size()), "kiln.size",
                       callSite(where))];
}

int64_t Tensor::dim(SourceLocation where) const {
  return static_cast<int64_t>(checked(where)->node->spec.shape.size());
}

int64_t Tensor::numel(SourceLocation where) const {
  return checked(where)->node->spec.numel();
}

Dtype Tensor::dtype(SourceLocation where) const {
  return dtypeOf(checked(where)->node);
}

Device Tensor::device(SourceLocation where) const {
  return detail::deviceOf(*detail::currentNode(checked(where)));
}

TensorOptions Tensor::options(SourceLocation where) const {
  // As libtorch's: dtype and device, never requires_grad, so that
  // zeros(x.sizes(), x.options()) is not a leaf.
  return TensorOptions(dtype(where)).device(device(where));
}

void *Tensor::rawData(SourceLocation where) const {
  const NodePtr &node = detail::currentNode(checked(where));
  detail::compute({node}, callSite(where));
  // As data_ptr() in PyTorch: a CUDA tensor's data is in device memory.
  return node->deviceValue ? node->deviceValue->data() : node->value->data();
}

double Tensor::itemAsDouble(SourceLocation where) const {
  const NodePtr node = detail::currentNode(checked(where));
  if (node->spec.numel() != 1)
    fail("kiln.item",
         "a tensor with " + std::to_string(node->spec.numel()) +
             " elements cannot be converted to a scalar",
         callSite(where));
  return runtime::loadElement(
      node->spec.dtype, hostValue(node, callSite(where)).data(), 0);
}

std::vector<double> Tensor::valuesAsDouble(SourceLocation where) const {
  const NodePtr &node = detail::currentNode(checked(where));
  runtime::HostBuffer data = hostValue(node, callSite(where));
  std::vector<double> values(node->spec.numel());
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = runtime::loadElement(node->spec.dtype, data.data(), i);
  return values;
}

Tensor Tensor::index(std::initializer_list<TensorIndex> indices,
                     SourceLocation where) const {
  Call c(*this, "kiln.index", where);
  int64_t consumed = 0, ellipses = 0;
  for (const TensorIndex &i : indices) {
    consumed += i.kind() == TensorIndex::Kind::Integer ||
                i.kind() == TensorIndex::Kind::Range;
    ellipses += i.kind() == TensorIndex::Kind::Rest;
  }
  if (consumed > c.rank() || ellipses > 1)
    fail("kiln.index",
         "too many indices (" + std::to_string(consumed) + ") for a " +
             std::to_string(c.rank()) + "-d tensor, or more than one Ellipsis",
         c.where);
  Tensor result = *this;
  int64_t d = 0; // the dimension of `result` the next index applies to
  for (const TensorIndex &i : indices) {
    switch (i.kind()) {
    case TensorIndex::Kind::Integer:
      result = result.select(d, i.integer(), c.where);
      break;
    case TensorIndex::Kind::Range:
      result = result.slice(d++, i.slice().start, i.slice().stop,
                            i.slice().step, c.where);
      break;
    case TensorIndex::Kind::NewAxis:
      result = result.unsqueeze(d++, c.where);
      break;
    case TensorIndex::Kind::Rest:
      d += c.rank() - consumed;
      break;
    }
  }
  return result;
}

Tensor Tensor::operator[](int64_t index) const {
  return select(0, index, operatorSite());
}

Tensor Tensor::select(int64_t d, int64_t index, SourceLocation where) const {
  Call c(*this, "kiln.select", where);
  if (c.rank() == 0)
    fail("kiln.select", "cannot index a 0-d tensor", c.where);
  d = wrapDim(d, c.rank(), "kiln.select", c.where);
  int64_t size = c.shape()[d];
  if (index < -size || index >= size)
    fail("kiln.select",
         "index " + std::to_string(index) + " is out of bounds for dimension " +
             std::to_string(d) + " with size " + std::to_string(size),
         c.where);
  index = index < 0 ? index + size : index;
  return sliceView(*this, c, d, index, index + 1, 1, /*dropDim=*/true);
}

Tensor Tensor::narrow(int64_t d, int64_t start, int64_t length,
                      SourceLocation where) const {
  Call c(*this, "kiln.narrow", where);
  d = wrapDim(d, c.rank(), "kiln.narrow", c.where);
  int64_t size = c.shape()[d];
  if (start < 0)
    start += size;
  if (start < 0 || length < 0 || start + length > size)
    fail("kiln.narrow",
         "start " + std::to_string(start) + " + length " +
             std::to_string(length) + " exceeds dimension " +
             std::to_string(d) + " of size " + std::to_string(size),
         c.where);
  return sliceView(*this, c, d, start, start + length, 1, /*dropDim=*/false);
}

Tensor Tensor::slice(int64_t d, std::optional<int64_t> start,
                     std::optional<int64_t> end, int64_t step,
                     SourceLocation where) const {
  Call c(*this, "kiln.slice", where);
  d = wrapDim(d, c.rank(), "kiln.slice", c.where);
  if (step < 1)
    fail("kiln.slice", "step must be positive, got " + std::to_string(step),
         c.where);
  int64_t size = c.shape()[d];
  auto clampIndex = [&](int64_t i) {
    i = i < 0 ? i + size : i;
    return std::clamp<int64_t>(i, 0, size);
  };
  int64_t from = clampIndex(start.value_or(0));
  int64_t to = clampIndex(end.value_or(size));
  return sliceView(*this, c, d, from, std::max(from, to), step,
                   /*dropDim=*/false);
}

namespace {
/// The index tensor of gather and scatter_add: integer, of `data`'s rank.
NodePtr checkedIndex(const Tensor &index, const NodePtr &data, int64_t &dim,
                     const char *op, SourceLocation where) {
  NodePtr idx = nodeOf(index, op, where);
  Dtype type = dtypeOf(idx);
  if (type != kInt64 && type != kInt32)
    fail(op, "index must be an int64 or int32 tensor, got " +
                 std::string(toString(type)),
         where);
  const Shape &shape = data->spec.shape, &indexShape = idx->spec.shape;
  if (indexShape.size() != shape.size())
    fail(op, "index " + shapeText(indexShape) + " must have the rank of " +
                 shapeText(shape),
         where);
  dim = wrapDim(dim, static_cast<int64_t>(shape.size()), op, where);
  for (size_t i = 0; i < shape.size(); ++i)
    if (static_cast<int64_t>(i) != dim && indexShape[i] > shape[i])
      fail(op, "index " + shapeText(indexShape) + " is larger than " +
                   shapeText(shape) + " in dimension " + std::to_string(i),
           where);
  return idx;
}
} // namespace

Tensor Tensor::gather(int64_t d, const Tensor &index,
                      SourceLocation where) const {
  Call c(*this, "kiln.gather", where);
  NodePtr idx = checkedIndex(index, c.x, d, "kiln.gather", c.where);
  return makeTensor(detail::record(OpKind::Gather,
                                   specOf(dtypeOf(c.x), idx->spec.shape),
                                   {c.x, idx}, {d}, c.where));
}

Tensor Tensor::index_select(int64_t d, const Tensor &index,
                            SourceLocation where) const {
  Call c(*this, "kiln.index_select", where);
  d = wrapDim(d, c.rank(), "kiln.index_select", c.where);
  if (index.dim(c.where) != 1)
    fail("kiln.index_select", "index must be 1-D, got " +
                                  shapeText(index.sizes(c.where)),
         c.where);
  // Each selected entry, spread over the other dimensions, gathered.
  Shape line(c.rank(), 1), result = c.shape();
  line[d] = result[d] = index.numel(c.where);
  Tensor spread = index.reshape(line, c.where).expand(result, c.where);
  return gather(d, spread, c.where);
}

Tensor Tensor::scatter_add(int64_t d, const Tensor &index,
                           const Tensor &source, SourceLocation where) const {
  Call c(*this, "kiln.scatter_add", where);
  NodePtr idx = checkedIndex(index, c.x, d, "kiln.scatter_add", c.where);
  NodePtr src = nodeOf(source, "kiln.scatter_add", c.where);
  if (src->spec.shape != idx->spec.shape)
    fail("kiln.scatter_add", "source " + shapeText(src->spec.shape) +
                                 " must have the shape of index " +
                                 shapeText(idx->spec.shape),
         c.where);
  if (dtypeOf(c.x) == kBool)
    fail("kiln.scatter_add", "is not defined for bool tensors", c.where);
  return makeTensor(detail::record(
      OpKind::ScatterAdd, c.x->spec,
      {c.x, idx, detail::castTo(src, dtypeOf(c.x), c.where)}, {d}, c.where));
}

Tensor Tensor::sum(SourceLocation where) const {
  Call c(*this, "kiln.sum", where);
  return makeTensor(detail::reduce(OpKind::ReduceSum, sumInput(c.x, c.where),
                                   allDims(c.rank()), false, c.where));
}

Tensor Tensor::sum(int64_t d, bool keepdim, SourceLocation where) const {
  Call c(*this, "kiln.sum", where);
  d = wrapDim(d, c.rank(), "kiln.sum", c.where);
  return makeTensor(detail::reduce(OpKind::ReduceSum, sumInput(c.x, c.where),
                                   {d}, keepdim, c.where));
}

Tensor Tensor::mean(SourceLocation where) const {
  Call c(*this, "kiln.mean", where);
  requireFloatingPoint(c, "kiln.mean");
  Tensor total = sum(c.where);
  return total / Scalar(static_cast<double>(c.x->spec.numel()));
}

Tensor Tensor::mean(int64_t d, bool keepdim, SourceLocation where) const {
  Call c(*this, "kiln.mean", where);
  requireFloatingPoint(c, "kiln.mean");
  d = wrapDim(d, c.rank(), "kiln.mean", c.where);
  Tensor total = sum(d, keepdim, c.where);
  return total / Scalar(static_cast<double>(c.shape()[d]));
}

namespace {
/// `dims` made non-negative and sorted, all dimensions when empty; a
/// repeated dimension is an error.
std::vector<int64_t> wrapDims(IntArrayRef dims, const Call &c, const char *op) {
  if (dims.empty())
    return allDims(c.rank());
  for (int64_t &d : dims)
    d = wrapDim(d, c.rank(), op, c.where);
  std::sort(dims.begin(), dims.end());
  auto repeated = std::adjacent_find(dims.begin(), dims.end());
  if (repeated != dims.end())
    fail(op,
         "dim " + std::to_string(*repeated) +
             " appears multiple times in the list of dims",
         c.where);
  return dims;
}

/// How many elements each result of a reduction over `dims` combines.
double reducedCount(const Call &c, const std::vector<int64_t> &dims) {
  double count = 1;
  for (int64_t d : dims)
    count *= static_cast<double>(c.shape()[d]);
  return count;
}
} // namespace

Tensor Tensor::sum(IntArrayRef dims, bool keepdim, SourceLocation where) const {
  Call c(*this, "kiln.sum", where);
  return makeTensor(detail::reduce(OpKind::ReduceSum, sumInput(c.x, c.where),
                                   wrapDims(std::move(dims), c, "kiln.sum"),
                                   keepdim, c.where));
}

Tensor Tensor::mean(IntArrayRef dims, bool keepdim,
                    SourceLocation where) const {
  Call c(*this, "kiln.mean", where);
  requireFloatingPoint(c, "kiln.mean");
  std::vector<int64_t> wrapped = wrapDims(std::move(dims), c, "kiln.mean");
  return sum(wrapped, keepdim, c.where) / Scalar(reducedCount(c, wrapped));
}

Tensor Tensor::var(IntArrayRef dims, bool unbiased, bool keepdim,
                   SourceLocation where) const {
  Call c(*this, "kiln.var", where);
  requireFloatingPoint(c, "kiln.var");
  std::vector<int64_t> wrapped = wrapDims(std::move(dims), c, "kiln.var");
  Tensor centered = sub(*this, mean(wrapped, true, c.where), c.where);
  return mul(centered, centered, c.where).sum(wrapped, keepdim, c.where) /
         Scalar(reducedCount(c, wrapped) - (unbiased ? 1 : 0));
}

Tensor Tensor::var(int64_t d, bool unbiased, bool keepdim,
                   SourceLocation where) const {
  return var(IntArrayRef{d}, unbiased, keepdim, where);
}

Tensor Tensor::max(SourceLocation where) const {
  Call c(*this, "kiln.max", where);
  return makeTensor(detail::reduce(OpKind::ReduceMax, c.x, allDims(c.rank()),
                                   false, c.where));
}

std::tuple<Tensor, Tensor> Tensor::max(int64_t d, bool keepdim,
                                       SourceLocation where) const {
  Call c(*this, "kiln.max", where);
  d = wrapDim(d, c.rank(), "kiln.max", c.where);
  return {makeTensor(
              detail::reduce(OpKind::ReduceMax, c.x, {d}, keepdim, c.where)),
          argmax(d, keepdim, c.where)};
}

Tensor Tensor::min(SourceLocation where) const {
  Call c(*this, "kiln.min", where);
  return makeTensor(detail::reduce(OpKind::ReduceMin, c.x, allDims(c.rank()),
                                   false, c.where));
}

std::tuple<Tensor, Tensor> Tensor::min(int64_t d, bool keepdim,
                                       SourceLocation where) const {
  Call c(*this, "kiln.min", where);
  d = wrapDim(d, c.rank(), "kiln.min", c.where);
  // The first minimum is the first maximum of the negation.
  Tensor negated = isFloatingPoint(dtypeOf(c.x)) ? neg(c.where)
                                                 : to(kInt64, c.where).neg(c.where);
  return {makeTensor(
              detail::reduce(OpKind::ReduceMin, c.x, {d}, keepdim, c.where)),
          negated.argmax(d, keepdim, c.where)};
}

Tensor Tensor::argmax(int64_t d, bool keepdim, SourceLocation where) const {
  Call c(*this, "kiln.argmax", where);
  d = wrapDim(d, c.rank(), "kiln.argmax", c.where);
  NodePtr x = dtypeOf(c.x) == kBool ? detail::castTo(c.x, kInt32, c.where) : c.x;
  Shape reduced = c.shape(), kept = c.shape();
  reduced.erase(reduced.begin() + d);
  kept[d] = 1;
  NodePtr result = detail::record(OpKind::Argmax, specOf(kInt64, reduced), {x},
                                  {d}, c.where);
  return makeTensor(keepdim ? detail::reshapeTo(result, kept, c.where)
                            : result);
}

Tensor Tensor::matmul(const Tensor &other, SourceLocation where) const {
  Call c(*this, "kiln.matmul", where);
  NodePtr b = nodeOf(other, "kiln.matmul", c.where);
  Shape sa = c.shape(), sb = b->spec.shape;
  if (sa.empty() || sb.empty())
    fail("kiln.matmul", "both arguments need at least 1 dimension, got " +
                            shapeText(sa) + " and " + shapeText(sb),
         c.where);
  Dtype type = detail::resultType({{c.x, {}}, {b, {}}});
  if (type == kBool)
    type = kInt64;
  NodePtr a = detail::castTo(c.x, type, c.where);
  b = detail::castTo(b, type, c.where);
  // Vectors become matrices, and the added dimension is dropped at the end.
  bool vectorLeft = sa.size() == 1, vectorRight = sb.size() == 1;
  if (vectorLeft)
    sa.insert(sa.begin(), 1);
  if (vectorRight)
    sb.push_back(1);
  int64_t m = sa[sa.size() - 2], k = sa.back(), n = sb.back();
  if (sb[sb.size() - 2] != k)
    fail("kiln.matmul",
         "shapes " + shapeText(c.shape()) + " and " + shapeText(b->spec.shape) +
             " cannot be multiplied (" + std::to_string(k) + " != " +
             std::to_string(sb[sb.size() - 2]) + ")",
         c.where);
  Shape batch = detail::broadcastShapes(Shape(sa.begin(), sa.end() - 2),
                                        Shape(sb.begin(), sb.end() - 2),
                                        "kiln.matmul", c.where);
  Shape fullA = batch, fullB = batch, result = batch;
  fullA.insert(fullA.end(), {m, k});
  fullB.insert(fullB.end(), {k, n});
  result.insert(result.end(), {m, n});
  a = detail::broadcastTo(detail::reshapeTo(a, sa, c.where), fullA,
                          "kiln.matmul", c.where);
  b = detail::broadcastTo(detail::reshapeTo(b, sb, c.where), fullB,
                          "kiln.matmul", c.where);
  NodePtr product = detail::record(OpKind::Matmul, specOf(type, result),
                                   {a, b}, {}, c.where);
  Shape finalShape = batch;
  if (!vectorLeft)
    finalShape.push_back(m);
  if (!vectorRight)
    finalShape.push_back(n);
  return makeTensor(detail::reshapeTo(product, finalShape, c.where));
}

Tensor Tensor::mm(const Tensor &other, SourceLocation where) const {
  Call c(*this, "kiln.mm", where);
  if (c.rank() != 2 || other.dim(where) != 2)
    fail("kiln.mm", "expects 2-D tensors, got " + shapeText(c.shape()) +
                        " and " + shapeText(other.sizes(where)),
         c.where);
  return matmul(other, c.where);
}

Tensor Tensor::bmm(const Tensor &other, SourceLocation where) const {
  Call c(*this, "kiln.bmm", where);
  Shape sb = other.sizes(where);
  if (c.rank() != 3 || sb.size() != 3 || sb[0] != c.shape()[0])
    fail("kiln.bmm", "expects 3-D tensors with equal batch sizes, got " +
                         shapeText(c.shape()) + " and " + shapeText(sb),
         c.where);
  return matmul(other, c.where);
}

Tensor Tensor::reshape(IntArrayRef shape, SourceLocation where) const {
  Call c(*this, "kiln.reshape", where);
  Shape target = inferShape(shape, c.x->spec.numel(), "kiln.reshape", c.where,
                            c.shape());
  return reshapeView(*this, c, target);
}

Tensor Tensor::view(IntArrayRef shape, SourceLocation where) const {
  return reshape(std::move(shape), where);
}

Tensor Tensor::flatten(int64_t start, int64_t end, SourceLocation where) const {
  Call c(*this, "kiln.flatten", where);
  if (c.rank() == 0)
    return reshape({1}, c.where);
  start = wrapDim(start, c.rank(), "kiln.flatten", c.where);
  end = wrapDim(end, c.rank(), "kiln.flatten", c.where);
  if (start > end)
    fail("kiln.flatten", "start dimension comes after end dimension", c.where);
  Shape shape(c.shape().begin(), c.shape().begin() + start);
  shape.push_back(std::accumulate(c.shape().begin() + start,
                                  c.shape().begin() + end + 1, int64_t{1},
                                  std::multiplies<>()));
  shape.insert(shape.end(), c.shape().begin() + end + 1, c.shape().end());
  return reshapeView(*this, c, shape);
}

Tensor Tensor::squeeze(SourceLocation where) const {
  Call c(*this, "kiln.squeeze", where);
  Shape shape;
  for (int64_t size : c.shape())
    if (size != 1)
      shape.push_back(size);
  return reshapeView(*this, c, shape);
}

Tensor Tensor::squeeze(int64_t d, SourceLocation where) const {
  Call c(*this, "kiln.squeeze", where);
  if (c.rank() == 0)
    return *this;
  d = wrapDim(d, c.rank(), "kiln.squeeze", c.where);
  Shape shape = c.shape();
  if (shape[d] == 1)
    shape.erase(shape.begin() + d);
  return reshapeView(*this, c, shape);
}

Tensor Tensor::unsqueeze(int64_t d, SourceLocation where) const {
  Call c(*this, "kiln.unsqueeze", where);
  d = wrapDim(d, c.rank() + 1, "kiln.unsqueeze", c.where);
  Shape shape = c.shape();
  shape.insert(shape.begin() + d, 1);
  return reshapeView(*this, c, shape);
}

Tensor Tensor::permute(IntArrayRef dims, SourceLocation where) const {
  Call c(*this, "kiln.permute", where);
  if (static_cast<int64_t>(dims.size()) != c.rank())
    fail("kiln.permute", "number of dims don't match: " + shapeText(dims) +
                             " for a " + std::to_string(c.rank()) +
                             "-d tensor",
         c.where);
  std::vector<bool> seen(c.rank());
  for (int64_t &d : dims) {
    d = wrapDim(d, c.rank(), "kiln.permute", c.where);
    if (seen[d])
      fail("kiln.permute", "repeated dim in " + shapeText(dims), c.where);
    seen[d] = true;
  }
  return transposeView(*this, c, dims);
}

Tensor Tensor::transpose(int64_t dim0, int64_t dim1,
                         SourceLocation where) const {
  Call c(*this, "kiln.transpose", where);
  if (c.rank() == 0)
    return *this;
  std::vector<int64_t> perm = allDims(c.rank());
  std::swap(perm[wrapDim(dim0, c.rank(), "kiln.transpose", c.where)],
            perm[wrapDim(dim1, c.rank(), "kiln.transpose", c.where)]);
  return transposeView(*this, c, perm);
}

Tensor Tensor::t(SourceLocation where) const {
  Call c(*this, "kiln.t", where);
  if (c.rank() > 2)
    fail("kiln.t", "expects a tensor with <= 2 dimensions, got " +
                       shapeText(c.shape()),
         c.where);
  return c.rank() < 2 ? *this : transpose(0, 1, c.where);
}

Tensor Tensor::expand(IntArrayRef sizes, SourceLocation where) const {
  Call c(*this, "kiln.expand", where);
  if (static_cast<int64_t>(sizes.size()) < c.rank())
    fail("kiln.expand", "the number of sizes " + shapeText(sizes) +
                            " must be at least the tensor's dimensions " +
                            shapeText(c.shape()),
         c.where);
  size_t offset = sizes.size() - c.shape().size();
  for (size_t i = offset; i < sizes.size(); ++i)
    if (sizes[i] == -1)
      sizes[i] = c.shape()[i - offset];
  detail::ViewFunctions view;
  view.read = [sizes](const NodePtr &x, SourceLocation where) {
    return detail::broadcastTo(x, sizes, "kiln.expand", where);
  };
  view.readOnlyReason = "in-place writes to an expanded tensor are not "
                        "supported: several of its elements are one element";
  return makeView(*this, c, std::move(view));
}

Tensor Tensor::exp(SourceLocation where) const { return floatUnary(*this, OpKind::Exp, where); }
Tensor Tensor::log(SourceLocation where) const { return floatUnary(*this, OpKind::Log, where); }
Tensor Tensor::sqrt(SourceLocation where) const { return floatUnary(*this, OpKind::Sqrt, where); }
Tensor Tensor::rsqrt(SourceLocation where) const { return floatUnary(*this, OpKind::Rsqrt, where); }
Tensor Tensor::sin(SourceLocation where) const { return floatUnary(*this, OpKind::Sin, where); }
Tensor Tensor::cos(SourceLocation where) const { return floatUnary(*this, OpKind::Cos, where); }
Tensor Tensor::reciprocal(SourceLocation where) const { return floatUnary(*this, OpKind::Reciprocal, where); }
Tensor Tensor::erf(SourceLocation where) const { return floatUnary(*this, OpKind::Erf, where); }
Tensor Tensor::sigmoid(SourceLocation where) const { return floatUnary(*this, OpKind::Sigmoid, where); }
Tensor Tensor::tanh(SourceLocation where) const { return floatUnary(*this, OpKind::Tanh, where); }
Tensor Tensor::gelu(SourceLocation where) const { return floatUnary(*this, OpKind::Gelu, where); }
Tensor Tensor::silu(SourceLocation where) const { return floatUnary(*this, OpKind::Silu, where); }
Tensor Tensor::abs(SourceLocation where) const { return numericUnary(*this, OpKind::Abs, where); }
Tensor Tensor::neg(SourceLocation where) const { return numericUnary(*this, OpKind::Neg, where); }
Tensor Tensor::relu(SourceLocation where) const { return numericUnary(*this, OpKind::Relu, where); }

Tensor Tensor::pow(const Tensor &exponent, SourceLocation where) const {
  Call c(*this, "kiln.pow", where);
  return arithmetic(OpKind::Pow, {c.x, {}},
                    operand(exponent, "kiln.pow", c.where), c.where);
}

Tensor Tensor::pow(Scalar exponent, SourceLocation where) const {
  Call c(*this, "kiln.pow", where);
  return arithmetic(OpKind::Pow, {c.x, {}}, operand(exponent), c.where);
}

Tensor Tensor::clamp(std::optional<Scalar> min, std::optional<Scalar> max,
                     SourceLocation where) const {
  Call c(*this, "kiln.clamp", where);
  if (!min && !max)
    fail("kiln.clamp", "at least one of min and max must be given", c.where);
  Tensor result = *this;
  if (min)
    result = arithmetic(OpKind::Maximum,
                        operand(result, "kiln.clamp", c.where), operand(*min),
                        c.where);
  if (max)
    result = arithmetic(OpKind::Minimum,
                        operand(result, "kiln.clamp", c.where), operand(*max),
                        c.where);
  return result;
}

/// The maximum along `d` (kept), which softmax and log_softmax subtract so
/// that exp cannot overflow. Their values do not depend on it, so their
/// gradient through it is zero: it is computed without history, and the
/// backward pass does not spend a mask of the maxima and a row sum on it.
static Tensor rowShift(const Tensor &x, int64_t d, SourceLocation where) {
  NoGradGuard noGrad;
  return std::get<0>(x.max(d, true, where));
}

Tensor Tensor::softmax(int64_t d, SourceLocation where) const {
  Call c(*this, "kiln.softmax", where);
  d = wrapDim(d, c.rank(), "kiln.softmax", c.where);
  Tensor x = makeTensor(asFloat(c.x, c.where));
  Tensor shifted = x - rowShift(x, d, c.where);
  Tensor e = shifted.exp(c.where);
  Tensor sum = e.sum(d, true, c.where);
  // One division per row, then products, as PyTorch's CPU kernel does; in
  // 16-bit floats the reciprocal would round twice, so they divide.
  if (x.dtype() == kFloat32 || x.dtype() == kFloat64)
    return e * sum.reciprocal(c.where);
  return e / sum;
}

Tensor Tensor::log_softmax(int64_t d, SourceLocation where) const {
  Call c(*this, "kiln.log_softmax", where);
  d = wrapDim(d, c.rank(), "kiln.log_softmax", c.where);
  Tensor x = makeTensor(asFloat(c.x, c.where));
  Tensor shifted = x - rowShift(x, d, c.where);
  return shifted - shifted.exp(c.where).sum(d, true, c.where).log(c.where);
}

// Each comparison with a tensor and with a number.
#define KILN_COMPARISON(method, predicate)                                     \
  Tensor Tensor::method(const Tensor &other, SourceLocation where) const {     \
    Call c(*this, "kiln." #method, where);                                     \
    return comparison(predicate, {c.x, {}},                                    \
                      operand(other, "kiln." #method, c.where), c.where);      \
  }                                                                            \
  Tensor Tensor::method(Scalar other, SourceLocation where) const {            \
    Call c(*this, "kiln." #method, where);                                     \
    return comparison(predicate, {c.x, {}}, operand(other), c.where);          \
  }
KILN_COMPARISON(eq, kEq)
KILN_COMPARISON(ne, kNe)
KILN_COMPARISON(lt, kLt)
KILN_COMPARISON(le, kLe)
KILN_COMPARISON(gt, kGt)
KILN_COMPARISON(ge, kGe)
#undef KILN_COMPARISON

Tensor Tensor::to(Dtype type, SourceLocation where) const {
  Call c(*this, "kiln.to", where);
  return makeTensor(detail::castTo(c.x, type, c.where));
}

Tensor Tensor::to(Device target, SourceLocation where) const {
  Call c(*this, "kiln.to", where);
  if (c.x->requiresGrad && detail::gradEnabled() &&
      detail::deviceOf(*c.x) != target)
    fail("kiln.to",
         "moving a tensor that requires grad to another device is not "
         "differentiable yet; move the leaf itself (Module::to) or detach()",
         c.where);
  NodePtr moved = detail::transferTo(c.x, target, c.where);
  return moved == c.x ? *this : makeTensor(std::move(moved));
}

Tensor Tensor::clone(SourceLocation where) const {
  Call c(*this, "kiln.clone", where);
  // A copy with its own buffer, as PyTorch's: writes through data_ptr() of
  // one do not show in the other. A same-shape reshape compiles to a copy.
  if (c.x->computed() && c.x->value) {
    runtime::HostBuffer copy =
        runtime::HostBuffer::uninitialized(c.x->spec.byteSize());
    std::memcpy(copy.data(), c.x->value->data(), c.x->spec.byteSize());
    auto node = detail::computedNode(c.x->spec, std::move(copy));
    node->device = c.x->device;
    return makeTensor(std::move(node));
  }
  return makeTensor(
      detail::record(OpKind::Reshape, c.x->spec, {c.x}, {}, c.where));
}

Tensor Tensor::detach(SourceLocation where) const {
  Call c(*this, "kiln.detach", where);
  // Shares the value, as PyTorch's detach does: writes reach this tensor.
  // Gradients stop here: a value with history is read through a copy that
  // has none.
  return makeView(
      *this, c,
      {[](const NodePtr &x, SourceLocation where) {
         if (!x->requiresGrad)
           return x;
         NoGradGuard noGrad;
         return detail::record(OpKind::Reshape, x->spec, {x}, {}, where);
       },
       [](const NodePtr &, const NodePtr &value, SourceLocation) {
         return value;
       }});
}

namespace {
/// self = self <kind> other, at the call site, cast back to self's dtype.
Tensor &inPlace(Tensor &self, OpKind kind, const Operand &other, const char *op,
                SourceLocation where) {
  Call c(self, op, where);
  // The result's handle ends here, so its node is the write's alone.
  NodePtr value =
      nodeOf(arithmetic(kind, {c.x, {}}, other, c.where), op, c.where);
  return assign(self, std::move(value), op, c.where);
}

/// `other * alpha`, or `other` itself when alpha is 1.
Operand scaled(const Tensor &other, Scalar alpha, const char *op,
               SourceLocation where) {
  Operand value = operand(other, op, where);
  if (alpha.value() == 1)
    return value;
  return operand(arithmetic(OpKind::Mul, value, operand(alpha), where), op,
                 where);
}
} // namespace

Tensor &Tensor::add_(const Tensor &other, Scalar alpha, SourceLocation where) {
  where = callSite(where);
  return inPlace(*this, OpKind::Add, scaled(other, alpha, "kiln.add_", where),
                 "kiln.add_", where);
}

Tensor &Tensor::sub_(const Tensor &other, Scalar alpha, SourceLocation where) {
  where = callSite(where);
  return inPlace(*this, OpKind::Sub, scaled(other, alpha, "kiln.sub_", where),
                 "kiln.sub_", where);
}

Tensor &Tensor::mul_(const Tensor &other, SourceLocation where) {
  where = callSite(where);
  return inPlace(*this, OpKind::Mul, operand(other, "kiln.mul_", where),
                 "kiln.mul_", where);
}

Tensor &Tensor::div_(const Tensor &other, SourceLocation where) {
  where = callSite(where);
  return inPlace(*this, OpKind::Div, operand(other, "kiln.div_", where),
                 "kiln.div_", where);
}

Tensor &Tensor::add_(Scalar other, SourceLocation where) {
  return inPlace(*this, OpKind::Add, operand(other), "kiln.add_",
                 callSite(where));
}

Tensor &Tensor::mul_(Scalar other, SourceLocation where) {
  return inPlace(*this, OpKind::Mul, operand(other), "kiln.mul_",
                 callSite(where));
}

Tensor &Tensor::zero_(SourceLocation where) { return fill_(0, where); }

Tensor &Tensor::fill_(Scalar value, SourceLocation where) {
  Call c(*this, "kiln.fill_", where);
  NodePtr filled = detail::broadcastTo(
      detail::scalarNode(value.value(), dtypeOf(c.x)), c.shape(), "kiln.fill_",
      c.where);
  detail::writeNode(impl, filled, c.where);
  return *this;
}

Tensor &Tensor::copy_(const Tensor &source, SourceLocation where) {
  Call c(*this, "kiln.copy_", where);
  NodePtr value = detail::broadcastTo(nodeOf(source, "kiln.copy_", c.where),
                                      c.shape(), "kiln.copy_", c.where);
  detail::writeNode(impl, detail::castTo(value, dtypeOf(c.x), c.where),
                    c.where);
  return *this;
}

#define KILN_BINARY_OPERATOR(symbol, kind)                                     \
  Tensor operator symbol(const Tensor &a, const Tensor &b) {                   \
    SourceLocation where = operatorSite();                                     \
    return arithmetic(kind, operand(a, opName(kind), where),                   \
                      operand(b, opName(kind), where), where);                 \
  }                                                                            \
  Tensor operator symbol(const Tensor &a, Scalar b) {                          \
    SourceLocation where = operatorSite();                                     \
    return arithmetic(kind, operand(a, opName(kind), where), operand(b),       \
                      where);                                                  \
  }                                                                            \
  Tensor operator symbol(Scalar a, const Tensor &b) {                          \
    SourceLocation where = operatorSite();                                     \
    return arithmetic(kind, operand(a), operand(b, opName(kind), where),       \
                      where);                                                  \
  }
KILN_BINARY_OPERATOR(+, OpKind::Add)
KILN_BINARY_OPERATOR(-, OpKind::Sub)
KILN_BINARY_OPERATOR(*, OpKind::Mul)
KILN_BINARY_OPERATOR(/, OpKind::Div)
#undef KILN_BINARY_OPERATOR

Tensor operator-(const Tensor &a) { return a.neg(operatorSite()); }

#define KILN_COMPARISON_OPERATOR(symbol, predicate)                            \
  Tensor operator symbol(const Tensor &a, const Tensor &b) {                   \
    SourceLocation where = operatorSite();                                     \
    return comparison(predicate, operand(a, "kiln.compare", where),            \
                      operand(b, "kiln.compare", where), where);               \
  }
KILN_COMPARISON_OPERATOR(==, kEq)
KILN_COMPARISON_OPERATOR(!=, kNe)
KILN_COMPARISON_OPERATOR(<, kLt)
KILN_COMPARISON_OPERATOR(<=, kLe)
KILN_COMPARISON_OPERATOR(>, kGt)
KILN_COMPARISON_OPERATOR(>=, kGe)
#undef KILN_COMPARISON_OPERATOR

#define KILN_SCALAR_COMPARISON_OPERATOR(symbol, predicate)                     \
  Tensor operator symbol(const Tensor &a, Scalar b) {                          \
    SourceLocation where = operatorSite();                                     \
    return comparison(predicate, operand(a, "kiln.compare", where),            \
                      operand(b), where);                                      \
  }
KILN_SCALAR_COMPARISON_OPERATOR(==, kEq)
KILN_SCALAR_COMPARISON_OPERATOR(!=, kNe)
KILN_SCALAR_COMPARISON_OPERATOR(<, kLt)
KILN_SCALAR_COMPARISON_OPERATOR(<=, kLe)
KILN_SCALAR_COMPARISON_OPERATOR(>, kGt)
KILN_SCALAR_COMPARISON_OPERATOR(>=, kGe)
#undef KILN_SCALAR_COMPARISON_OPERATOR

Tensor &operator+=(Tensor &a, const Tensor &b) { return a.add_(b, 1, operatorSite()); }
Tensor &operator-=(Tensor &a, const Tensor &b) { return a.sub_(b, 1, operatorSite()); }
Tensor &operator*=(Tensor &a, const Tensor &b) { return a.mul_(b, operatorSite()); }
Tensor &operator/=(Tensor &a, const Tensor &b) { return a.div_(b, operatorSite()); }

Tensor cat(const std::vector<Tensor> &tensors, int64_t d, SourceLocation where) {
  where = callSite(where);
  if (tensors.empty())
    fail("kiln.cat", "expects a non-empty list of tensors", where);
  std::vector<Operand> operands;
  for (const Tensor &t : tensors)
    operands.push_back(operand(t, "kiln.cat", where));
  Dtype type = detail::resultType(operands);
  const Shape &first = operands[0].node->spec.shape;
  d = wrapDim(d, static_cast<int64_t>(first.size()), "kiln.cat", where);
  std::vector<NodePtr> inputs;
  Shape result = first;
  result[d] = 0;
  for (const Operand &o : operands) {
    const Shape &shape = o.node->spec.shape;
    bool compatible = shape.size() == first.size();
    for (size_t i = 0; compatible && i < shape.size(); ++i)
      compatible = static_cast<int64_t>(i) == d || shape[i] == first[i];
    if (!compatible)
      fail("kiln.cat",
           "sizes of tensors must match except in dimension " +
               std::to_string(d) + ": " + shapeText(first) + " and " +
               shapeText(shape),
           where);
    result[d] += shape[d];
    inputs.push_back(detail::castTo(o.node, type, where));
  }
  if (inputs.size() == 1)
    return makeTensor(inputs[0]);
  return makeTensor(detail::record(OpKind::Concat, specOf(type, result),
                                   std::move(inputs), {d}, where));
}

Tensor stack(const std::vector<Tensor> &tensors, int64_t d,
             SourceLocation where) {
  where = callSite(where);
  if (tensors.empty())
    fail("kiln.stack", "expects a non-empty list of tensors", where);
  Shape shape = tensors[0].sizes(where);
  std::vector<Tensor> expanded;
  for (const Tensor &t : tensors) {
    if (t.sizes(where) != shape)
      fail("kiln.stack",
           "expects each tensor to be equal size, but got " + shapeText(shape) +
               " and " + shapeText(t.sizes(where)),
           where);
    expanded.push_back(t.unsqueeze(
        wrapDim(d, static_cast<int64_t>(shape.size()) + 1, "kiln.stack", where),
        where));
  }
  return cat(expanded, d, where);
}

Tensor matmul(const Tensor &a, const Tensor &b, SourceLocation where) {
  return a.matmul(b, where);
}

namespace {
/// `x` where `condition` holds, else `y`; either may be a number.
Tensor selectValues(const Tensor &condition, Operand x, Operand y,
                    SourceLocation location) {
  NodePtr cond = nodeOf(condition, "kiln.where", location);
  if (dtypeOf(cond) != kBool)
    fail("kiln.where", "condition must be a bool tensor, got " +
                           std::string(toString(dtypeOf(cond))),
         location);
  Dtype type = detail::resultType({x, y});
  // Both values come back broadcast to their common shape.
  std::vector<NodePtr> values =
      detail::unify({x, y}, type, "kiln.where", location);
  Shape shape = detail::broadcastShapes(
      cond->spec.shape, values[0]->spec.shape, "kiln.where", location);
  std::vector<NodePtr> inputs = {
      detail::broadcastTo(cond, shape, "kiln.where", location),
      detail::broadcastTo(values[0], shape, "kiln.where", location),
      detail::broadcastTo(values[1], shape, "kiln.where", location)};
  return makeTensor(detail::record(OpKind::Select, specOf(type, shape),
                                   std::move(inputs), {}, location));
}
} // namespace

Tensor where(const Tensor &condition, const Tensor &a, const Tensor &b,
             SourceLocation location) {
  location = callSite(location);
  return selectValues(condition, operand(a, "kiln.where", location),
                      operand(b, "kiln.where", location), location);
}

Tensor where(const Tensor &condition, const Tensor &a, Scalar b,
             SourceLocation location) {
  location = callSite(location);
  return selectValues(condition, operand(a, "kiln.where", location),
                      operand(b), location);
}

Tensor where(const Tensor &condition, Scalar a, const Tensor &b,
             SourceLocation location) {
  location = callSite(location);
  return selectValues(condition, operand(a),
                      operand(b, "kiln.where", location), location);
}

Tensor exp(const Tensor &x, SourceLocation where) { return x.exp(where); }
Tensor log(const Tensor &x, SourceLocation where) { return x.log(where); }
Tensor sqrt(const Tensor &x, SourceLocation where) { return x.sqrt(where); }
Tensor abs(const Tensor &x, SourceLocation where) { return x.abs(where); }
Tensor erf(const Tensor &x, SourceLocation where) { return x.erf(where); }
Tensor relu(const Tensor &x, SourceLocation where) { return x.relu(where); }
Tensor sigmoid(const Tensor &x, SourceLocation where) { return x.sigmoid(where); }
Tensor tanh(const Tensor &x, SourceLocation where) { return x.tanh(where); }
Tensor gelu(const Tensor &x, SourceLocation where) { return x.gelu(where); }
Tensor silu(const Tensor &x, SourceLocation where) { return x.silu(where); }
Tensor softmax(const Tensor &x, int64_t d, SourceLocation where) { return x.softmax(d, where); }
Tensor log_softmax(const Tensor &x, int64_t d, SourceLocation where) { return x.log_softmax(d, where); }
Tensor pow(const Tensor &x, Scalar e, SourceLocation where) { return x.pow(e, where); }
Tensor clamp(const Tensor &x, std::optional<Scalar> min, std::optional<Scalar> max,
             SourceLocation where) {
  return x.clamp(min, max, where);
}
Tensor sum(const Tensor &x, SourceLocation where) { return x.sum(where); }
Tensor mean(const Tensor &x, SourceLocation where) { return x.mean(where); }
Tensor argmax(const Tensor &x, int64_t d, bool keepdim, SourceLocation where) {
  return x.argmax(d, keepdim, where);
}
Tensor transpose(const Tensor &x, int64_t dim0, int64_t dim1,
                 SourceLocation where) {
  return x.transpose(dim0, dim1, where);
}
Tensor reshape(const Tensor &x, IntArrayRef shape, SourceLocation where) {
  return x.reshape(std::move(shape), where);
}

Tensor Tensor::where(const Tensor &condition, const Tensor &other,
                     SourceLocation location) const {
  return kiln::where(condition, *this, other, location);
}

Tensor Tensor::where(const Tensor &condition, Scalar other,
                     SourceLocation location) const {
  return kiln::where(condition, *this, other, location);
}

#define KILN_BINARY_FUNCTION(name, kind)                                       \
  Tensor name(const Tensor &a, const Tensor &b, SourceLocation where) {        \
    where = callSite(where);                                                   \
    return arithmetic(kind, operand(a, opName(kind), where),                   \
                      operand(b, opName(kind), where), where);                 \
  }
KILN_BINARY_FUNCTION(add, OpKind::Add)
KILN_BINARY_FUNCTION(sub, OpKind::Sub)
KILN_BINARY_FUNCTION(mul, OpKind::Mul)
KILN_BINARY_FUNCTION(div, OpKind::Div)
KILN_BINARY_FUNCTION(maximum, OpKind::Maximum)
KILN_BINARY_FUNCTION(minimum, OpKind::Minimum)
#undef KILN_BINARY_FUNCTION

} // namespace kiln
