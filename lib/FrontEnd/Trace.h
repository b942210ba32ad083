//===- Trace.h - shape rules, broadcasting and promotion --------*- C++ -*-===//
//
// The helpers every traced op uses: they check operands at the call site and
// insert the explicit broadcasts and casts kiln IR wants.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_FRONTEND_TRACE_H
#define KILN_LIB_FRONTEND_TRACE_H

#include "Lazy.h"

#include "llvm/ADT/ArrayRef.h"

namespace kiln::detail {

using Shape = std::vector<int64_t>;

/// The node of a defined tensor; throws for an undefined one.
NodePtr nodeOf(const Tensor &tensor, const char *op,
               std::source_location where);
Dtype dtypeOf(const NodePtr &node);
runtime::TensorSpec specOf(Dtype dtype, Shape shape);
std::string shapeText(const Shape &shape);

/// `node`, a new tensor's value (computed on the host, or pending), placed
/// on `device`: computed values are copied there, pending ones computed
/// there.
NodePtr place(NodePtr node, Device device, const char *op,
              std::source_location where);

/// `dim` in [-rank, rank) made non-negative; throws when out of range.
int64_t wrapDim(int64_t dim, int64_t rank, const char *op,
                std::source_location where);

/// A computed 0-d node holding `value` as `dtype`: a run-time argument.
NodePtr scalarNode(double value, Dtype dtype);

NodePtr castTo(const NodePtr &node, Dtype dtype, std::source_location where);
NodePtr reshapeTo(const NodePtr &node, const Shape &shape,
                  std::source_location where);
/// numpy broadcasting of `node` to `shape` (trailing dimensions align).
NodePtr broadcastTo(const NodePtr &node, const Shape &shape, const char *op,
                    std::source_location where);
Shape broadcastShapes(const Shape &a, const Shape &b, const char *op,
                      std::source_location where);

/// An operand of type promotion: a tensor, or a C++ number.
struct Operand {
  NodePtr node;
  std::optional<Scalar> scalar;
};
/// PyTorch's result_type over tensors and wrapped numbers.
Dtype resultType(llvm::ArrayRef<Operand> operands);
/// Turns operands into nodes of `dtype` broadcast to one shape.
std::vector<NodePtr> unify(llvm::ArrayRef<Operand> operands, Dtype dtype,
                           const char *op, std::source_location where);

NodePtr unary(OpKind kind, const NodePtr &x, std::source_location where);
/// An elementwise op computed in `computeType`, broadcasting its operands.
NodePtr elementwise(OpKind kind, llvm::ArrayRef<Operand> operands,
                    Dtype computeType, std::source_location where,
                    std::vector<int64_t> attributes = {});
/// Reduction over `dims` (sorted, unique), keeping them as size 1 if asked.
NodePtr reduce(OpKind kind, const NodePtr &x, std::vector<int64_t> dims,
               bool keepdim, std::source_location where);

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_TRACE_H
