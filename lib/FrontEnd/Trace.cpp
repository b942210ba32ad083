//===- Trace.cpp - shape rules, broadcasting and promotion ----------------===//

#include "Trace.h"

#include "kiln/runtime/DType.h"

#include <algorithm>
#include <numeric>

namespace kiln::detail {

NodePtr nodeOf(const Tensor &tensor, const char *op,
               std::source_location where) {
  if (!tensor.defined())
    fail(op, "the tensor is undefined", where);
  return currentNode(tensor.unsafeImpl());
}

Dtype dtypeOf(const NodePtr &node) { return fromRuntime(node->spec.dtype); }

runtime::TensorSpec specOf(Dtype dtype, Shape shape) {
  return runtime::TensorSpec{toRuntime(dtype), std::move(shape)};
}

std::string shapeText(const Shape &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

NodePtr place(NodePtr node, Device device, const char *op,
              std::source_location where) {
  checkDevice(device, op, where);
  if (device.type == kCUDA && node->computed())
    return transferTo(node, device, where);
  node->device = device;
  return node;
}

int64_t wrapDim(int64_t dim, int64_t rank, const char *op,
                std::source_location where) {
  if (dim < -rank || dim >= rank)
    fail(op,
         "dimension " + std::to_string(dim) + " is out of range for a " +
             std::to_string(rank) + "-d tensor",
         where);
  return dim < 0 ? dim + rank : dim;
}

NodePtr scalarNode(double value, Dtype dtype) {
  runtime::TensorSpec spec = specOf(dtype, {});
  runtime::HostBuffer buffer(spec.byteSize());
  runtime::storeElement(spec.dtype, buffer.data(), 0, value);
  NodePtr node = computedNode(std::move(spec), std::move(buffer));
  // A run-time scalar goes to whichever device reads it.
  node->device = std::nullopt;
  return node;
}

NodePtr castTo(const NodePtr &node, Dtype dtype, std::source_location where) {
  if (dtypeOf(node) == dtype)
    return node;
  return record(OpKind::Cast, specOf(dtype, node->spec.shape), {node}, {},
                where);
}

NodePtr reshapeTo(const NodePtr &node, const Shape &shape,
                  std::source_location where) {
  if (node->spec.shape == shape)
    return node;
  return record(OpKind::Reshape, specOf(dtypeOf(node), shape), {node}, {},
                where);
}

Shape broadcastShapes(const Shape &a, const Shape &b, const char *op,
                      std::source_location where) {
  Shape result(std::max(a.size(), b.size()));
  for (size_t i = 0; i < result.size(); ++i) {
    int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      fail(op,
           "shapes " + shapeText(a) + " and " + shapeText(b) +
               " cannot be broadcast together (" + std::to_string(x) + " vs " +
               std::to_string(y) + " in dimension " +
               std::to_string(result.size() - 1 - i) + ")",
           where);
    result[result.size() - 1 - i] = x == 1 ? y : x;
  }
  return result;
}

NodePtr broadcastTo(const NodePtr &node, const Shape &shape, const char *op,
                    std::source_location where) {
  const Shape &from = node->spec.shape;
  if (from == shape)
    return node;
  if (from.size() > shape.size())
    fail(op, "cannot expand " + shapeText(from) + " to " + shapeText(shape),
         where);
  std::vector<int64_t> dims(from.size());
  size_t offset = shape.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i) {
    if (from[i] != 1 && from[i] != shape[offset + i])
      fail(op, "cannot expand " + shapeText(from) + " to " + shapeText(shape),
           where);
    dims[i] = static_cast<int64_t>(offset + i);
  }
  return record(OpKind::Broadcast, specOf(dtypeOf(node), shape), {node},
                std::move(dims), where);
}

namespace {

enum class Category { None, Bool, Integer, Floating };

Category categoryOf(Dtype dtype) {
  if (dtype == kBool)
    return Category::Bool;
  return isFloatingPoint(dtype) ? Category::Floating : Category::Integer;
}

Dtype promoteTypes(Dtype a, Dtype b) {
  if (a == b)
    return a;
  Category ca = categoryOf(a), cb = categoryOf(b);
  if (ca != cb)
    return ca > cb ? a : b;
  if (ca == Category::Integer)
    return kInt64;
  // Floating: f16 and bf16 meet in f32; anything with f64 is f64.
  if (a == kFloat64 || b == kFloat64)
    return kFloat64;
  return kFloat32;
}

/// One of result_type's three tiers; `none` while it has no member.
struct Tier {
  std::optional<Dtype> dtype;
  void add(Dtype d) { dtype = dtype ? promoteTypes(*dtype, d) : d; }
};

std::optional<Dtype> combine(std::optional<Dtype> higher,
                             std::optional<Dtype> lower) {
  if (!higher)
    return lower;
  if (isFloatingPoint(*higher))
    return higher;
  if (lower && (*higher == kBool || isFloatingPoint(*lower)))
    return promoteTypes(*higher, *lower);
  return higher;
}

} // namespace

Dtype resultType(llvm::ArrayRef<Operand> operands) {
  Tier dimensioned, zeroDim, wrapped;
  for (const Operand &operand : operands) {
    if (operand.scalar) {
      switch (operand.scalar->kind()) {
      case Scalar::Kind::Bool:
        wrapped.add(kBool);
        break;
      case Scalar::Kind::Integer:
        wrapped.add(kInt64);
        break;
      case Scalar::Kind::Floating:
        wrapped.add(kFloat32); // the default dtype
        break;
      }
    } else if (operand.node->spec.shape.empty()) {
      zeroDim.add(dtypeOf(operand.node));
    } else {
      dimensioned.add(dtypeOf(operand.node));
    }
  }
  return combine(dimensioned.dtype, combine(zeroDim.dtype, wrapped.dtype))
      .value_or(kFloat32);
}

std::vector<NodePtr> unify(llvm::ArrayRef<Operand> operands, Dtype dtype,
                           const char *op, std::source_location where) {
  // The common shape is usually one operand's: it is only copied when
  // operands really broadcast.
  static const Shape scalarShape;
  const Shape *shape = &scalarShape;
  Shape broadcast;
  for (const Operand &operand : operands) {
    if (!operand.node || operand.node->spec.shape == *shape)
      continue;
    if (shape->empty()) {
      shape = &operand.node->spec.shape;
      continue;
    }
    broadcast = broadcastShapes(*shape, operand.node->spec.shape, op, where);
    shape = &broadcast;
  }
  std::vector<NodePtr> nodes;
  nodes.reserve(operands.size());
  for (const Operand &operand : operands) {
    NodePtr node = operand.node ? castTo(operand.node, dtype, where)
                                : scalarNode(operand.scalar->value(), dtype);
    nodes.push_back(broadcastTo(node, *shape, op, where));
  }
  return nodes;
}

NodePtr unary(OpKind kind, const NodePtr &x, std::source_location where) {
  return record(kind, x->spec, {x}, {}, where);
}

NodePtr elementwise(OpKind kind, llvm::ArrayRef<Operand> operands,
                    Dtype computeType, std::source_location where,
                    std::vector<int64_t> attributes) {
  std::vector<NodePtr> nodes =
      unify(operands, computeType, opName(kind), where);
  runtime::TensorSpec spec = specOf(
      kind == OpKind::Compare ? kBool : computeType, nodes[0]->spec.shape);
  return record(kind, std::move(spec), std::move(nodes), std::move(attributes),
                where);
}

NodePtr reduce(OpKind kind, const NodePtr &x, std::vector<int64_t> dims,
               bool keepdim, std::source_location where) {
  Shape reduced, kept = x->spec.shape;
  for (size_t i = 0; i < x->spec.shape.size(); ++i) {
    if (std::find(dims.begin(), dims.end(), static_cast<int64_t>(i)) ==
        dims.end())
      reduced.push_back(x->spec.shape[i]);
    else
      kept[i] = 1;
  }
  NodePtr result = record(kind, specOf(dtypeOf(x), reduced), {x}, dims, where);
  return keepdim ? reshapeTo(result, kept, where) : result;
}

} // namespace kiln::detail
