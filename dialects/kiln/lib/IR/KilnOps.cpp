//===- KilnOps.cpp - kiln op verifiers and result-type inference ----------===//
//
// Every shape rule lives here once: result-type inference for ops whose result
// follows from their operands, and verifiers for ops whose result type is
// given (gradient convolutions and pooling, broadcast, reshape). Messages name
// the op and the offending shapes so that a bad graph is easy to trace back.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace kiln::ir;

#include "kiln/Dialect/Kiln/IR/KilnEnums.cpp.inc"

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"

namespace {

/// Formats a shape as `[2, 3]` for diagnostics.
std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

/// Emits "'kiln.op' op <message>" at `loc` when there is one.
template <typename... Args>
LogicalResult fail(std::optional<Location> loc, StringRef opName,
                   Args &&...args) {
  return emitOptionalError(loc, "'", opName, "' op ",
                           std::forward<Args>(args)...);
}

/// Returns the ranked tensor type of `value`; ODS constraints guarantee it by
/// the time an op is verified, but inference also runs while parsing.
RankedTensorType tensorTypeOf(Value value) {
  return dyn_cast_or_null<RankedTensorType>(value ? value.getType() : Type());
}

LogicalResult checkDimension(std::optional<Location> loc, StringRef opName,
                             int64_t dim, int64_t rank) {
  if (dim < 0 || dim >= rank)
    return fail(loc, opName, "dimension ", dim, " is out of range for rank ",
                rank);
  return success();
}

/// Checks that `values` has `size` entries, each at least `minimum`.
LogicalResult checkWindowAttr(std::optional<Location> loc, StringRef opName,
                              StringRef name, ArrayRef<int64_t> values,
                              size_t size, int64_t minimum) {
  if (values.size() != size)
    return fail(loc, opName, name, " needs ", size, " values, got ",
                values.size());
  for (int64_t v : values)
    if (v < minimum)
      return fail(loc, opName, name, " ", shapeString(values),
                  " has a value below ", minimum);
  return success();
}

/// Sizes of a tensor's last two (spatial) dimensions after a sliding window.
FailureOr<SmallVector<int64_t, 2>>
windowOutputSize(std::optional<Location> loc, StringRef opName,
                 RankedTensorType input, ArrayRef<int64_t> window,
                 ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                 ArrayRef<int64_t> dilation) {
  SmallVector<int64_t, 2> sizes;
  for (int i = 0; i < 2; ++i) {
    int64_t in = input.getDimSize(2 + i);
    // Attributes come from the IR text: huge values must not wrap around into
    // a plausible (or negative) size.
    std::optional<int64_t> span =
        llvm::checkedMulAdd<int64_t>(dilation[i], window[i] - 1, 1);
    if (!span)
      return fail(loc, opName, "window of size ", window[i], " and dilation ",
                  dilation[i], " overflows in spatial dimension ", i);
    std::optional<int64_t> padded =
        llvm::checkedMulAdd<int64_t>(2, padding[i], in);
    if (!padded)
      return fail(loc, opName, "padding ", padding[i],
                  " overflows spatial dimension ", i, " of ", Type(input));
    if (*padded < *span)
      return fail(loc, opName, "window of extent ", *span,
                  " is larger than the padded input ", *padded,
                  " in spatial dimension ", i, " of ", Type(input));
    sizes.push_back((*padded - *span) / stride[i] + 1);
  }
  return sizes;
}

/// The result shape of conv2d(input, weight) with the given attributes.
FailureOr<SmallVector<int64_t, 4>>
conv2dResultShape(std::optional<Location> loc, StringRef opName,
                  RankedTensorType input, RankedTensorType weight,
                  ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                  ArrayRef<int64_t> dilation, int64_t groups) {
  if (input.getRank() != 4 || weight.getRank() != 4)
    return fail(loc, opName, "expects a 4-D NCHW input and a 4-D OIHW weight, got ",
                Type(input), " and ", Type(weight));
  if (input.getElementType() != weight.getElementType())
    return fail(loc, opName, "input ", Type(input), " and weight ", Type(weight),
                " have different element types");
  if (failed(checkWindowAttr(loc, opName, "stride", stride, 2, 1)) ||
      failed(checkWindowAttr(loc, opName, "padding", padding, 2, 0)) ||
      failed(checkWindowAttr(loc, opName, "dilation", dilation, 2, 1)))
    return failure();
  if (groups < 1)
    return fail(loc, opName, "groups must be positive, got ", groups);
  // An empty kernel would make the output larger than the input.
  if (weight.getDimSize(2) < 1 || weight.getDimSize(3) < 1)
    return fail(loc, opName, "weight ", Type(weight), " has an empty kernel");
  int64_t channels = input.getDimSize(1), outChannels = weight.getDimSize(0);
  std::optional<int64_t> expected =
      llvm::checkedMul<int64_t>(weight.getDimSize(1), groups);
  if (!expected || channels != *expected)
    return fail(loc, opName, "input ", Type(input), " has ", channels,
                " channels but weight ", Type(weight), " with groups = ", groups,
                " expects ", weight.getDimSize(1), " channels per group");
  if (outChannels % groups != 0)
    return fail(loc, opName, "output channels ", outChannels,
                " are not divisible by groups = ", groups);
  auto spatial = windowOutputSize(loc, opName, input, weight.getShape().drop_front(2),
                                  stride, padding, dilation);
  if (failed(spatial))
    return failure();
  return SmallVector<int64_t, 4>{input.getDimSize(0), outChannels,
                                 (*spatial)[0], (*spatial)[1]};
}

/// The result shape of 2-D pooling of `input`.
FailureOr<SmallVector<int64_t, 4>>
pool2dResultShape(std::optional<Location> loc, StringRef opName,
                  RankedTensorType input, ArrayRef<int64_t> kernel,
                  ArrayRef<int64_t> stride, ArrayRef<int64_t> padding) {
  if (input.getRank() != 4)
    return fail(loc, opName, "expects a 4-D NCHW input, got ", Type(input));
  if (failed(checkWindowAttr(loc, opName, "kernel", kernel, 2, 1)) ||
      failed(checkWindowAttr(loc, opName, "stride", stride, 2, 1)) ||
      failed(checkWindowAttr(loc, opName, "padding", padding, 2, 0)))
    return failure();
  // Compared by division: 2 * padding could overflow.
  for (int i = 0; i < 2; ++i)
    if (padding[i] > kernel[i] / 2)
      return fail(loc, opName, "padding ", shapeString(padding),
                  " exceeds half of kernel ", shapeString(kernel));
  int64_t ones[2] = {1, 1};
  auto spatial =
      windowOutputSize(loc, opName, input, kernel, stride, padding, ones);
  if (failed(spatial))
    return failure();
  return SmallVector<int64_t, 4>{input.getDimSize(0), input.getDimSize(1),
                                 (*spatial)[0], (*spatial)[1]};
}

/// The number of elements of `type`, or nothing where it does not fit in
/// int64_t: ShapedType::getNumElements would wrap around silently.
std::optional<int64_t> elementCount(ShapedType type) {
  if (llvm::is_contained(type.getShape(), 0))
    return 0;
  std::optional<int64_t> count = 1;
  for (int64_t size : type.getShape())
    if (count)
      count = llvm::checkedMul<int64_t>(*count, size);
  return count;
}

std::string countString(std::optional<int64_t> count) {
  return count ? std::to_string(*count) : "too many";
}

/// Verifies that a gradient op's `given` type is what the forward rule gives.
LogicalResult checkSameShape(Operation *op, StringRef what,
                             ArrayRef<int64_t> expected, Type given) {
  auto tensor = cast<RankedTensorType>(given);
  if (tensor.getShape() != expected)
    return op->emitOpError() << what << " " << given << " does not match shape "
                             << shapeString(expected)
                             << " given by the forward op's shape rule";
  return success();
}

template <typename ReduceOp>
LogicalResult inferReduceType(std::optional<Location> loc,
                              typename ReduceOp::Adaptor adaptor,
                              SmallVectorImpl<Type> &inferred) {
  StringRef name = ReduceOp::getOperationName();
  auto type = tensorTypeOf(adaptor.getOperand());
  if (!type)
    return fail(loc, name, "expects a ranked tensor operand");
  llvm::SmallBitVector reduced(type.getRank());
  for (int64_t dim : adaptor.getDims()) {
    if (failed(checkDimension(loc, name, dim, type.getRank())))
      return failure();
    if (reduced.test(dim))
      return fail(loc, name, "dimension ", dim, " is repeated in dims ",
                  shapeString(adaptor.getDims()));
    reduced.set(dim);
  }
  SmallVector<int64_t> shape;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    if (!reduced.test(i))
      shape.push_back(size);
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Creation and conversion.
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getValueAttr());
  if (!value || !isa<RankedTensorType>(value.getType()))
    return fail(loc, getOperationName(), "expects a ranked tensor value");
  inferred.push_back(value.getType());
  return success();
}

LogicalResult IotaOp::verify() {
  auto type = getType();
  if (type.getRank() == 0)
    return emitOpError() << "result " << Type(type)
                         << " must have at least one dimension";
  return checkDimension(getLoc(), getOperationName(), getDim(), type.getRank());
}

//===----------------------------------------------------------------------===//
// Elementwise and reductions.
//===----------------------------------------------------------------------===//

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto type = tensorTypeOf(adaptor.getLhs());
  if (!type)
    return fail(loc, getOperationName(), "expects ranked tensor operands");
  inferred.push_back(type.clone(IntegerType::get(context, 1)));
  return success();
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferReduceType<ReduceSumOp>(loc, adaptor, inferred);
}

LogicalResult ReduceMaxOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferReduceType<ReduceMaxOp>(loc, adaptor, inferred);
}

LogicalResult ReduceMinOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferReduceType<ReduceMinOp>(loc, adaptor, inferred);
}

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto type = tensorTypeOf(adaptor.getOperand());
  if (!type)
    return fail(loc, getOperationName(), "expects a ranked tensor operand");
  int64_t dim = adaptor.getDim();
  if (failed(checkDimension(loc, getOperationName(), dim, type.getRank())))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + dim);
  inferred.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  auto lhs = tensorTypeOf(adaptor.getLhs());
  auto rhs = tensorTypeOf(adaptor.getRhs());
  if (!lhs || !rhs)
    return fail(loc, name, "expects ranked tensor operands");
  if (lhs.getElementType() != rhs.getElementType())
    return fail(loc, name, "operands ", Type(lhs), " and ", Type(rhs),
                " have different element types");
  int64_t rank = lhs.getRank();
  if (rank < 2 || rhs.getRank() != rank)
    return fail(loc, name, "expects operands of one rank, at least 2, got ",
                Type(lhs), " and ", Type(rhs));
  if (lhs.getShape().drop_back(2) != rhs.getShape().drop_back(2))
    return fail(loc, name, "batch dimensions of ", Type(lhs), " and ",
                Type(rhs), " differ");
  if (lhs.getDimSize(rank - 1) != rhs.getDimSize(rank - 2))
    return fail(loc, name, "contracting dimensions differ: ", Type(lhs),
                " has K = ", lhs.getDimSize(rank - 1), " but ", Type(rhs),
                " has K = ", rhs.getDimSize(rank - 2));
  SmallVector<int64_t> shape(lhs.getShape().drop_back());
  shape.push_back(rhs.getDimSize(rank - 1));
  inferred.push_back(lhs.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape manipulation.
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  auto operand = getOperand().getType();
  auto result = getType();
  ArrayRef<int64_t> dims = getDims();
  if (operand.getElementType() != result.getElementType())
    return emitOpError() << "operand " << Type(operand) << " and result "
                         << Type(result) << " have different element types";
  if (static_cast<int64_t>(dims.size()) != operand.getRank())
    return emitOpError() << "dims " << shapeString(dims) << " must map each of the "
                         << operand.getRank() << " dimensions of "
                         << Type(operand);
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= result.getRank())
      return emitOpError() << "dims " << shapeString(dims)
                           << " are out of range for the " << result.getRank()
                           << " dimensions of " << Type(result);
    if (i > 0 && dim <= dims[i - 1])
      return emitOpError() << "dims " << shapeString(dims)
                           << " must be strictly increasing";
    int64_t size = operand.getDimSize(i);
    if (size != 1 && size != result.getDimSize(dim))
      return emitOpError() << "cannot broadcast " << Type(operand) << " to "
                           << Type(result) << ": dimension " << i << " of size "
                           << size << " maps to size " << result.getDimSize(dim);
  }
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto operand = getOperand().getType();
  auto result = getType();
  if (operand.getElementType() != result.getElementType())
    return emitOpError() << "operand " << Type(operand) << " and result "
                         << Type(result) << " have different element types";
  std::optional<int64_t> operandCount = elementCount(operand);
  std::optional<int64_t> resultCount = elementCount(result);
  if (!operandCount || !resultCount || *operandCount != *resultCount)
    return emitOpError() << "cannot reshape " << Type(operand) << " ("
                         << countString(operandCount) << " elements) to "
                         << Type(result) << " (" << countString(resultCount)
                         << " elements)";
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto type = tensorTypeOf(adaptor.getOperand());
  if (!type)
    return fail(loc, getOperationName(), "expects a ranked tensor operand");
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  llvm::SmallBitVector seen(type.getRank());
  bool valid = static_cast<int64_t>(perm.size()) == type.getRank();
  for (int64_t p : perm) {
    valid = valid && p >= 0 && p < type.getRank() && !seen.test(p);
    if (valid)
      seen.set(p);
  }
  if (!valid)
    return fail(loc, getOperationName(), "permutation ", shapeString(perm),
                " is not a permutation of the ", type.getRank(),
                " dimensions of ", Type(type));
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  auto type = tensorTypeOf(adaptor.getOperand());
  if (!type)
    return fail(loc, name, "expects a ranked tensor operand");
  ArrayRef<int64_t> start = adaptor.getStart(), limit = adaptor.getLimit(),
                    strides = adaptor.getStrides();
  size_t rank = type.getRank();
  if (start.size() != rank || limit.size() != rank || strides.size() != rank)
    return fail(loc, name, "start, limit and strides need ", rank,
                " values each for ", Type(type));
  SmallVector<int64_t> shape;
  for (size_t i = 0; i < rank; ++i) {
    if (start[i] < 0 || start[i] > limit[i] || limit[i] > type.getDimSize(i))
      return fail(loc, name, "range [", start[i], ", ", limit[i],
                  ") is out of bounds for dimension ", i, " of ", Type(type));
    if (strides[i] < 1)
      return fail(loc, name, "stride ", strides[i], " in dimension ", i,
                  " must be positive");
    shape.push_back(llvm::divideCeil(limit[i] - start[i], strides[i]));
  }
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  if (adaptor.getInputs().empty())
    return fail(loc, name, "expects at least one input");
  auto first = tensorTypeOf(adaptor.getInputs().front());
  if (!first)
    return fail(loc, name, "expects ranked tensor inputs");
  int64_t dim = adaptor.getDim();
  if (failed(checkDimension(loc, name, dim, first.getRank())))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (Value input : adaptor.getInputs().drop_front()) {
    auto type = tensorTypeOf(input);
    if (!type)
      return fail(loc, name, "expects ranked tensor inputs");
    bool compatible = type.getElementType() == first.getElementType() &&
                      type.getRank() == first.getRank();
    for (int64_t i = 0; compatible && i < first.getRank(); ++i)
      compatible = i == dim || type.getDimSize(i) == first.getDimSize(i);
    if (!compatible)
      return fail(loc, name, "cannot concatenate ", Type(first), " and ",
                  Type(type), " along dimension ", dim);
    std::optional<int64_t> size =
        llvm::checkedAdd<int64_t>(shape[dim], type.getDimSize(dim));
    if (!size)
      return fail(loc, name, "concatenated size of dimension ", dim,
                  " overflows");
    shape[dim] = *size;
  }
  inferred.push_back(first.clone(shape));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  auto type = tensorTypeOf(adaptor.getOperand());
  auto value = tensorTypeOf(adaptor.getValue());
  if (!type || !value)
    return fail(loc, name, "expects ranked tensor operands");
  if (value.getElementType() != type.getElementType())
    return fail(loc, name, "padding value ", Type(value),
                " does not match the element type of ", Type(type));
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  size_t rank = type.getRank();
  if (low.size() != rank || high.size() != rank)
    return fail(loc, name, "low and high need ", rank, " values each for ",
                Type(type));
  SmallVector<int64_t> shape;
  for (size_t i = 0; i < rank; ++i) {
    if (low[i] < 0 || high[i] < 0)
      return fail(loc, name, "padding must be non-negative, got low ",
                  shapeString(low), " and high ", shapeString(high));
    std::optional<int64_t> size = llvm::checkedAdd<int64_t>(low[i], high[i]);
    if (size)
      size = llvm::checkedAdd<int64_t>(*size, type.getDimSize(i));
    if (!size)
      return fail(loc, name, "padded size of dimension ", i, " of ",
                  Type(type), " overflows with low ", shapeString(low),
                  " and high ", shapeString(high));
    shape.push_back(*size);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Indexing.
//===----------------------------------------------------------------------===//

/// torch.gather and torch.scatter_add share this rule: indices have the rank
/// of `data`, and outside `dim` they may not be larger than `data`.
static LogicalResult checkIndexShape(std::optional<Location> loc, StringRef name,
                                     RankedTensorType data,
                                     RankedTensorType indices, int64_t dim) {
  if (indices.getRank() != data.getRank())
    return fail(loc, name, "indices ", Type(indices), " must have the rank of ",
                Type(data));
  if (failed(checkDimension(loc, name, dim, data.getRank())))
    return failure();
  for (int64_t i = 0; i < data.getRank(); ++i)
    if (i != dim && indices.getDimSize(i) > data.getDimSize(i))
      return fail(loc, name, "indices ", Type(indices), " are larger than ",
                  Type(data), " in dimension ", i);
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto source = tensorTypeOf(adaptor.getSource());
  auto indices = tensorTypeOf(adaptor.getIndices());
  if (!source || !indices)
    return fail(loc, getOperationName(), "expects ranked tensor operands");
  if (failed(checkIndexShape(loc, getOperationName(), source, indices,
                             adaptor.getDim())))
    return failure();
  inferred.push_back(indices.clone(source.getElementType()));
  return success();
}

LogicalResult ScatterAddOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  auto dest = tensorTypeOf(adaptor.getDest());
  auto indices = tensorTypeOf(adaptor.getIndices());
  auto updates = tensorTypeOf(adaptor.getUpdates());
  if (!dest || !indices || !updates)
    return fail(loc, name, "expects ranked tensor operands");
  if (updates.getElementType() != dest.getElementType())
    return fail(loc, name, "updates ", Type(updates),
                " do not match the element type of ", Type(dest));
  if (updates.getShape() != indices.getShape())
    return fail(loc, name, "updates ", Type(updates),
                " must have the shape of indices ", Type(indices));
  if (failed(checkIndexShape(loc, name, dest, indices, adaptor.getDim())))
    return failure();
  inferred.push_back(dest);
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution and pooling.
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = tensorTypeOf(adaptor.getInput());
  auto weight = tensorTypeOf(adaptor.getWeight());
  if (!input || !weight)
    return fail(loc, getOperationName(), "expects ranked tensor operands");
  auto shape = conv2dResultShape(loc, getOperationName(), input, weight,
                                 adaptor.getStride(), adaptor.getPadding(),
                                 adaptor.getDilation(), adaptor.getGroups());
  if (failed(shape))
    return failure();
  inferred.push_back(input.clone(*shape));
  return success();
}

/// Convolution gradients: conv2d(input, weight) must give `gradOutput`'s type.
static LogicalResult verifyConvGrad(Operation *op, RankedTensorType input,
                                    RankedTensorType weight,
                                    RankedTensorType gradOutput,
                                    ArrayRef<int64_t> stride,
                                    ArrayRef<int64_t> padding,
                                    ArrayRef<int64_t> dilation, int64_t groups) {
  auto shape = conv2dResultShape(op->getLoc(), op->getName().getStringRef(),
                                 input, weight, stride, padding, dilation,
                                 groups);
  if (failed(shape))
    return failure();
  if (gradOutput.getElementType() != input.getElementType())
    return op->emitOpError() << "grad_output " << Type(gradOutput) << " and "
                             << Type(input) << " have different element types";
  return checkSameShape(op, "grad_output", *shape, gradOutput);
}

LogicalResult Conv2dBackwardInputOp::verify() {
  return verifyConvGrad(*this, getType(), getWeight().getType(),
                        getGradOutput().getType(), getStride(), getPadding(),
                        getDilation(), getGroups());
}

LogicalResult Conv2dBackwardWeightOp::verify() {
  return verifyConvGrad(*this, getInput().getType(), getType(),
                        getGradOutput().getType(), getStride(), getPadding(),
                        getDilation(), getGroups());
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = tensorTypeOf(adaptor.getInput());
  if (!input)
    return fail(loc, getOperationName(), "expects a ranked tensor input");
  auto shape = pool2dResultShape(loc, getOperationName(), input,
                                 adaptor.getKernel(), adaptor.getStride(),
                                 adaptor.getPadding());
  if (failed(shape))
    return failure();
  inferred.push_back(input.clone(*shape));
  return success();
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = tensorTypeOf(adaptor.getInput());
  if (!input)
    return fail(loc, getOperationName(), "expects a ranked tensor input");
  auto shape = pool2dResultShape(loc, getOperationName(), input,
                                 adaptor.getKernel(), adaptor.getStride(),
                                 adaptor.getPadding());
  if (failed(shape))
    return failure();
  inferred.push_back(input.clone(*shape));
  return success();
}

/// Pooling gradients: pooling `input` must give `gradOutput`'s type.
static LogicalResult verifyPoolGrad(Operation *op, RankedTensorType input,
                                    RankedTensorType gradOutput,
                                    ArrayRef<int64_t> kernel,
                                    ArrayRef<int64_t> stride,
                                    ArrayRef<int64_t> padding) {
  auto shape = pool2dResultShape(op->getLoc(), op->getName().getStringRef(),
                                 input, kernel, stride, padding);
  if (failed(shape))
    return failure();
  if (gradOutput.getElementType() != input.getElementType())
    return op->emitOpError() << "grad_output " << Type(gradOutput) << " and "
                             << Type(input) << " have different element types";
  return checkSameShape(op, "grad_output", *shape, gradOutput);
}

LogicalResult MaxPool2dGradOp::verify() {
  return verifyPoolGrad(*this, getInput().getType(), getGradOutput().getType(),
                        getKernel(), getStride(), getPadding());
}

LogicalResult AvgPool2dGradOp::verify() {
  return verifyPoolGrad(*this, getType(), getGradOutput().getType(),
                        getKernel(), getStride(), getPadding());
}
