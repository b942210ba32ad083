//===- KilnGradients.cpp - vector-Jacobian products of kiln ops -----------===//
//
// Each differentiable op's reverse-mode rule, written in kiln IR. Elementwise
// ops and reductions are tables (one row per op) behind the entry points that
// their ODS base classes share; the other ops define `buildVjp` themselves.
// Rules reuse the op's operands and results instead of recomputing them.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>
#include <numbers>

using namespace mlir;
using namespace kiln::ir;

#include "kiln/Dialect/Kiln/IR/KilnInterfaces.cpp.inc"

namespace {

/// Builds kiln ops at one location; every helper keeps its operand's type.
struct Emitter {
  OpBuilder &b;
  Location loc;

  /// A constant of `type` (a tensor type) with every element `value`.
  Value splat(Type type, double value) {
    auto tensor = cast<RankedTensorType>(type);
    Type element = tensor.getElementType();
    TypedAttr scalar;
    if (isa<FloatType>(element))
      scalar = FloatAttr::get(element, value);
    else
      scalar = IntegerAttr::get(element, static_cast<int64_t>(value));
    return ConstantOp::create(b, loc, DenseElementsAttr::get(tensor, scalar));
  }
  /// `splat` of `like`'s type.
  Value splatLike(Value like, double value) {
    return splat(like.getType(), value);
  }
  Value zerosLike(Value like) { return splatLike(like, 0.0); }

  Value add(Value x, Value y) {
    return AddOp::create(b, loc, x.getType(), x, y);
  }
  Value sub(Value x, Value y) {
    return SubOp::create(b, loc, x.getType(), x, y);
  }
  Value mul(Value x, Value y) {
    return MulOp::create(b, loc, x.getType(), x, y);
  }
  Value div(Value x, Value y) {
    return DivOp::create(b, loc, x.getType(), x, y);
  }
  Value neg(Value x) { return NegOp::create(b, loc, x.getType(), x); }
  Value scale(Value x, double k) { return mul(x, splatLike(x, k)); }

  template <typename OpTy> Value unary(Value x) {
    return OpTy::create(b, loc, x.getType(), x);
  }

  Value compare(ComparePredicate predicate, Value x, Value y) {
    return CompareOp::create(b, loc, predicate, x, y);
  }
  Value select(Value condition, Value onTrue, Value onFalse) {
    return SelectOp::create(b, loc, onTrue.getType(), condition, onTrue,
                            onFalse);
  }
  Value castTo(Value x, Type type) {
    return x.getType() == type ? x : CastOp::create(b, loc, type, x);
  }
  /// 1 where `condition` holds and 0 elsewhere, of `like`'s type.
  Value mask(Value condition, Value like) {
    return castTo(condition, like.getType());
  }
  /// -1, 0 or 1 by the sign of `x`.
  Value sign(Value x) {
    Value zero = zerosLike(x);
    return sub(mask(compare(ComparePredicate::gt, x, zero), x),
               mask(compare(ComparePredicate::lt, x, zero), x));
  }

  Value broadcast(Value x, Type type, ArrayRef<int64_t> dims) {
    return BroadcastOp::create(b, loc, type, x, dims);
  }
  Value reshape(Value x, Type type) {
    return x.getType() == type ? x : ReshapeOp::create(b, loc, type, x);
  }
  Value reduceSum(Value x, ArrayRef<int64_t> dims) {
    return dims.empty() ? x : ReduceSumOp::create(b, loc, x, dims);
  }
  Value transpose(Value x, ArrayRef<int64_t> permutation) {
    return TransposeOp::create(b, loc, x, permutation);
  }
  Value slice(Value x, ArrayRef<int64_t> start, ArrayRef<int64_t> limit,
              ArrayRef<int64_t> strides) {
    return SliceOp::create(b, loc, x, start, limit, strides);
  }
  /// Pads `x` with `value`; no padding leaves `x` as it is.
  Value pad(Value x, double value, ArrayRef<int64_t> low,
            ArrayRef<int64_t> high) {
    auto isZero = [](int64_t size) { return size == 0; };
    if (llvm::all_of(low, isZero) && llvm::all_of(high, isZero))
      return x;
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    Value scalar = splat(RankedTensorType::get({}, element), value);
    return PadOp::create(b, loc, x, scalar, low, high);
  }
  Value padZeros(Value x, ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
    return pad(x, 0.0, low, high);
  }
};

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Dimensions 0 .. rank-1 except `dims` (which is sorted or not).
SmallVector<int64_t> otherDims(int64_t rank, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> kept;
  for (int64_t i = 0; i < rank; ++i)
    if (!llvm::is_contained(dims, i))
      kept.push_back(i);
  return kept;
}

/// A `ConvTy` of `type` with `op`'s stride, padding, dilation and groups.
template <typename ConvTy, typename FromTy, typename... Operands>
Value sameConv(OpBuilder &builder, FromTy op, Type type, Operands... operands) {
  return ConvTy::create(builder, op.getLoc(), type, operands..., op.getStride(),
                        op.getPadding(), op.getDilation(), op.getGroups());
}

/// A `PoolTy` of `type` with `op`'s kernel, stride and padding.
template <typename PoolTy, typename FromTy, typename... Operands>
Value samePool(OpBuilder &builder, FromTy op, Type type, Operands... operands) {
  return PoolTy::create(builder, op.getLoc(), type, operands..., op.getKernel(),
                        op.getStride(), op.getPadding());
}

/// Sends the cotangent to one operand where `condition` holds and to the
/// other elsewhere (maximum, minimum, select).
std::pair<Value, Value> route(Emitter &e, Value condition, Value cotangent) {
  Value zero = e.zerosLike(cotangent);
  return {e.select(condition, cotangent, zero),
          e.select(condition, zero, cotangent)};
}

} // namespace

//===----------------------------------------------------------------------===//
// Tables for the ops that share a base class.
//===----------------------------------------------------------------------===//

LogicalResult
kiln::ir::detail::buildUnaryVjp(Operation *op, OpBuilder &builder,
                                ValueRange cotangents,
                                SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, op->getLoc()};
  Value x = op->getOperand(0), y = op->getResult(0), c = cotangents[0];
  using P = ComparePredicate;
  // Each row is the gradient `c * f'(x)`, written with the forward values.
  Value grad =
      llvm::TypeSwitch<Operation *, Value>(op)
          .Case([&](NegOp) { return e.neg(c); })
          .Case([&](AbsOp) { return e.mul(c, e.sign(x)); })
          .Case([&](ReluOp) {
            return route(e, e.compare(P::gt, x, e.zerosLike(x)), c).first;
          })
          .Case([&](ExpOp) { return e.mul(c, y); })
          .Case([&](LogOp) { return e.div(c, x); })
          .Case([&](SqrtOp) { return e.div(e.scale(c, 0.5), y); })
          .Case([&](RsqrtOp) {
            return e.mul(e.scale(c, -0.5), e.mul(y, e.mul(y, y)));
          })
          .Case([&](TanhOp) {
            return e.mul(c, e.sub(e.splatLike(y, 1.0), e.mul(y, y)));
          })
          .Case([&](SigmoidOp) {
            return e.mul(c, e.mul(y, e.sub(e.splatLike(y, 1.0), y)));
          })
          .Case([&](GeluOp) {
            // Phi(x) + x * phi(x).
            Value cdf = e.scale(
                e.add(e.splatLike(x, 1.0),
                      e.unary<ErfOp>(e.scale(x, std::numbers::sqrt2 / 2))),
                0.5);
            Value pdf = e.scale(e.unary<ExpOp>(e.scale(e.mul(x, x), -0.5)),
                                std::numbers::inv_sqrtpi / std::numbers::sqrt2);
            return e.mul(c, e.add(cdf, e.mul(x, pdf)));
          })
          .Case([&](SiluOp) {
            // s * (1 + x * (1 - s)) with s = sigmoid(x).
            Value s = e.unary<SigmoidOp>(x);
            Value one = e.splatLike(x, 1.0);
            return e.mul(c, e.mul(s, e.add(one, e.mul(x, e.sub(one, s)))));
          })
          .Case([&](SinOp) { return e.mul(c, e.unary<CosOp>(x)); })
          .Case([&](CosOp) { return e.neg(e.mul(c, e.unary<SinOp>(x))); })
          .Case([&](ErfOp) {
            Value gauss = e.unary<ExpOp>(e.neg(e.mul(x, x)));
            return e.mul(c, e.scale(gauss, 2 * std::numbers::inv_sqrtpi));
          })
          .Case([&](ReciprocalOp) { return e.neg(e.mul(c, e.mul(y, y))); })
          .Default([](Operation *) { return Value(); });
  if (!grad)
    return op->emitOpError("has no gradient rule");
  gradients.push_back(grad);
  return success();
}

LogicalResult
kiln::ir::detail::buildBinaryVjp(Operation *op, OpBuilder &builder,
                                 ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, op->getLoc()};
  Value a = op->getOperand(0), b = op->getOperand(1), y = op->getResult(0),
        c = cotangents[0];
  using P = ComparePredicate;
  using Pair = std::pair<Value, Value>;
  // Each row is (c * dy/da, c * dy/db).
  Pair grads =
      llvm::TypeSwitch<Operation *, Pair>(op)
          .Case([&](AddOp) {
            return Pair{c, c};
          })
          .Case([&](SubOp) {
            return Pair{c, e.neg(c)};
          })
          .Case([&](MulOp) {
            return Pair{e.mul(c, b), e.mul(c, a)};
          })
          .Case([&](DivOp) {
            return Pair{e.div(c, b), e.neg(e.div(e.mul(c, y), b))};
          })
          .Case([&](PowOp) {
            Value power = PowOp::create(builder, e.loc, a.getType(), a,
                                        e.sub(b, e.splatLike(b, 1.0)));
            return Pair{e.mul(c, e.mul(b, power)),
                        e.mul(c, e.mul(y, e.unary<LogOp>(a)))};
          })
          .Case([&](MaximumOp) { return route(e, e.compare(P::ge, a, b), c); })
          .Case([&](MinimumOp) { return route(e, e.compare(P::le, a, b), c); })
          .Default([](Operation *) { return Pair{}; });
  if (!grads.first)
    return op->emitOpError("has no gradient rule");
  gradients.append({grads.first, grads.second});
  return success();
}

LogicalResult
kiln::ir::detail::buildReduceVjp(Operation *op, OpBuilder &builder,
                                 ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, op->getLoc()};
  Value x = op->getOperand(0), y = op->getResult(0), c = cotangents[0];
  auto dims = cast<DenseI64ArrayAttr>(op->getAttr("dims")).asArrayRef();
  SmallVector<int64_t> kept = otherDims(tensorType(x).getRank(), dims);
  auto expand = [&](Value v) { return e.broadcast(v, x.getType(), kept); };
  // Max and min send the gradient to every position that attains the result.
  auto toExtremes = [&]() {
    Value atExtreme = e.compare(ComparePredicate::eq, x, expand(y));
    return e.mul(e.mask(atExtreme, x), expand(c));
  };
  Value grad = llvm::TypeSwitch<Operation *, Value>(op)
                   .Case([&](ReduceSumOp) { return expand(c); })
                   .Case([&](ReduceMaxOp) { return toExtremes(); })
                   .Case([&](ReduceMinOp) { return toExtremes(); })
                   .Default([](Operation *) { return Value(); });
  if (!grad)
    return op->emitOpError("has no gradient rule");
  gradients.push_back(grad);
  return success();
}

//===----------------------------------------------------------------------===//
// Ops with their own rule.
//===----------------------------------------------------------------------===//

LogicalResult CastOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                               SmallVectorImpl<Value> &gradients) {
  bool fromFloat = isa<FloatType>(getOperand().getType().getElementType());
  bool toFloat = isa<FloatType>(getType().getElementType());
  // An integer or boolean operand carries no gradient: the path ends here.
  if (!fromFloat) {
    gradients.push_back(Value());
    return success();
  }
  if (!toFloat)
    return mlir::emitError(getLoc())
           << "cannot differentiate through '" << getOperationName() << "' to "
           << Type(getType());
  Emitter e{builder, getLoc()};
  gradients.push_back(e.castTo(cotangents[0], getOperand().getType()));
  return success();
}

LogicalResult SelectOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  auto [onTrue, onFalse] = route(e, getCondition(), cotangents[0]);
  gradients.append({Value(), onTrue, onFalse});
  return success();
}

LogicalResult MatmulOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  int64_t rank = getLhs().getType().getRank();
  // Swaps the last two (matrix) dimensions.
  SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(swap[rank - 2], swap[rank - 1]);
  Value c = cotangents[0];
  gradients.push_back(
      MatmulOp::create(builder, getLoc(), c, e.transpose(getRhs(), swap)));
  gradients.push_back(
      MatmulOp::create(builder, getLoc(), e.transpose(getLhs(), swap), c));
  return success();
}

LogicalResult BroadcastOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                    SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  RankedTensorType operand = getOperand().getType(), result = getType();
  ArrayRef<int64_t> dims = getDims();
  // Sum over the new dimensions and over the size-1 dimensions that grew;
  // the reshape then restores those size-1 dimensions.
  SmallVector<int64_t> summed = otherDims(result.getRank(), dims);
  for (auto [i, dim] : llvm::enumerate(dims))
    if (operand.getDimSize(i) != result.getDimSize(dim))
      summed.push_back(dim);
  llvm::sort(summed);
  gradients.push_back(
      e.reshape(e.reduceSum(cotangents[0], summed), getOperand().getType()));
  return success();
}

LogicalResult ReshapeOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                  SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  gradients.push_back(e.reshape(cotangents[0], getOperand().getType()));
  return success();
}

LogicalResult TransposeOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                    SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  ArrayRef<int64_t> permutation = getPermutation();
  SmallVector<int64_t> inverse(permutation.size());
  for (auto [i, p] : llvm::enumerate(permutation))
    inverse[p] = i;
  gradients.push_back(e.transpose(cotangents[0], inverse));
  return success();
}

LogicalResult SliceOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  RankedTensorType operand = getOperand().getType();
  ArrayRef<int64_t> start = getStart(), strides = getStrides();
  int64_t rank = operand.getRank();
  Value grad = cotangents[0];
  // A strided dimension of n values is spread s apart first: [n] -> [n, 1]
  // -> pad to [n, s] -> [n * s] -> the first (n - 1) * s + 1 elements.
  for (int64_t i = 0; i < rank; ++i) {
    int64_t n = tensorType(grad).getDimSize(i), s = strides[i];
    if (s == 1 || n <= 1)
      continue;
    SmallVector<int64_t> shape(tensorType(grad).getShape());
    SmallVector<int64_t> split(shape);
    split.insert(split.begin() + i + 1, 1);
    Value column = e.reshape(grad, tensorType(grad).clone(split));
    SmallVector<int64_t> low(rank + 1, 0), high(rank + 1, 0);
    high[i + 1] = s - 1;
    Value spread = e.padZeros(column, low, high);
    shape[i] = n * s;
    Value flat = e.reshape(spread, tensorType(grad).clone(shape));
    SmallVector<int64_t> first(rank, 0), limit(shape), unit(rank, 1);
    limit[i] = (n - 1) * s + 1;
    grad = e.slice(flat, first, limit, unit);
  }
  SmallVector<int64_t> low(start), high;
  for (int64_t i = 0; i < rank; ++i)
    high.push_back(operand.getDimSize(i) - start[i] -
                   tensorType(grad).getDimSize(i));
  gradients.push_back(e.padZeros(grad, low, high));
  return success();
}

LogicalResult ConcatOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  int64_t dim = getDim(), offset = 0;
  SmallVector<int64_t> start(getType().getRank(), 0);
  SmallVector<int64_t> limit(getType().getShape());
  SmallVector<int64_t> unit(getType().getRank(), 1);
  for (Value input : getInputs()) {
    int64_t size = tensorType(input).getDimSize(dim);
    start[dim] = offset;
    limit[dim] = offset + size;
    gradients.push_back(e.slice(cotangents[0], start, limit, unit));
    offset += size;
  }
  return success();
}

LogicalResult PadOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                              SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  RankedTensorType operand = getOperand().getType();
  ArrayRef<int64_t> low = getLow();
  SmallVector<int64_t> limit, unit(operand.getRank(), 1);
  for (auto [l, size] : llvm::zip(low, operand.getShape()))
    limit.push_back(l + size);
  Value c = cotangents[0];
  Value inner = e.slice(c, low, limit, unit);
  // The padding value appears at every position outside the operand.
  SmallVector<int64_t> all =
      llvm::to_vector(llvm::seq<int64_t>(0, operand.getRank()));
  Value value = e.sub(e.reduceSum(c, all), e.reduceSum(inner, all));
  gradients.append({inner, e.reshape(value, getValue().getType())});
  return success();
}

LogicalResult GatherOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  Value zeros = e.zerosLike(getSource());
  gradients.push_back(ScatterAddOp::create(
      builder, getLoc(), zeros, getIndices(), cotangents[0], getDim()));
  gradients.push_back(Value());
  return success();
}

LogicalResult ScatterAddOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                     SmallVectorImpl<Value> &gradients) {
  Value c = cotangents[0];
  gradients.append(
      {c, Value(),
       GatherOp::create(builder, getLoc(), c, getIndices(), getDim())});
  return success();
}

// The convolutions are bilinear, and each gradient convolution is the
// transpose of conv2d in one operand: each rule swaps the roles around.

LogicalResult Conv2dOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Value c = cotangents[0];
  gradients.push_back(sameConv<Conv2dBackwardInputOp>(
      builder, *this, getInput().getType(), c, getWeight()));
  gradients.push_back(sameConv<Conv2dBackwardWeightOp>(
      builder, *this, getWeight().getType(), getInput(), c));
  return success();
}

LogicalResult
Conv2dBackwardInputOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                SmallVectorImpl<Value> &gradients) {
  Value c = cotangents[0];
  gradients.push_back(sameConv<Conv2dOp>(
      builder, *this, getGradOutput().getType(), c, getWeight()));
  gradients.push_back(sameConv<Conv2dBackwardWeightOp>(
      builder, *this, getWeight().getType(), c, getGradOutput()));
  return success();
}

LogicalResult
Conv2dBackwardWeightOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                 SmallVectorImpl<Value> &gradients) {
  Value c = cotangents[0];
  gradients.push_back(sameConv<Conv2dBackwardInputOp>(
      builder, *this, getInput().getType(), getGradOutput(), c));
  gradients.push_back(sameConv<Conv2dOp>(
      builder, *this, getGradOutput().getType(), getInput(), c));
  return success();
}

LogicalResult MaxPool2dOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                    SmallVectorImpl<Value> &gradients) {
  gradients.push_back(samePool<MaxPool2dGradOp>(
      builder, *this, getInput().getType(), getInput(), cotangents[0]));
  return success();
}

LogicalResult MaxPool2dGradOp::buildVjp(OpBuilder &builder,
                                        ValueRange cotangents,
                                        SmallVectorImpl<Value> &gradients) {
  Emitter e{builder, getLoc()};
  RankedTensorType pooled = getGradOutput().getType();
  ArrayRef<int64_t> kernel = getKernel(), stride = getStride(),
                    padding = getPadding();
  SmallVector<int64_t> slotShape(pooled.getShape());
  slotShape.push_back(1);
  auto slotType = pooled.clone(slotShape);
  // [N, C, OH, OW, KH * KW]: slot i * KW + j of window (y, x) holds `v`'s
  // element (y * SH + i, x * SW + j) after padding with `fill`.
  auto windows = [&](Value v, double fill) {
    SmallVector<int64_t> low = {0, 0, padding[0], padding[1]};
    Value padded = e.pad(v, fill, low, low);
    SmallVector<int64_t> start(4, 0), limit(pooled.getShape()),
        strides = {1, 1, stride[0], stride[1]};
    SmallVector<Value> slots;
    for (int64_t i = 0; i < kernel[0]; ++i) {
      for (int64_t j = 0; j < kernel[1]; ++j) {
        start[2] = i;
        start[3] = j;
        limit[2] = i + (pooled.getDimSize(2) - 1) * stride[0] + 1;
        limit[3] = j + (pooled.getDimSize(3) - 1) * stride[1] + 1;
        slots.push_back(
            e.reshape(e.slice(padded, start, limit, strides), slotType));
      }
    }
    return ConcatOp::create(builder, getLoc(), slots, /*dim=*/4);
  };
  // The op scatters each window's gradient to the window's first maximum,
  // which argmax finds in slot order (a NaN wins in both), so the transpose
  // gathers the cotangent from that slot. Padding at -inf loses to any
  // number; in a window whose unpadded values are all -inf the op picks the
  // first of them, and this reads zero if a padded slot comes first. The
  // input only routes the gradient and gets none.
  Value first = ArgmaxOp::create(
      builder, getLoc(),
      windows(getInput(), -std::numeric_limits<double>::infinity()),
      /*dim=*/4);
  Value slot =
      e.reshape(first, slotType.clone(tensorType(first).getElementType()));
  Value picked =
      GatherOp::create(builder, getLoc(), windows(cotangents[0], 0.0), slot,
                       /*dim=*/4);
  gradients.append({Value(), e.reshape(picked, pooled)});
  return success();
}

LogicalResult AvgPool2dOp::buildVjp(OpBuilder &builder, ValueRange cotangents,
                                    SmallVectorImpl<Value> &gradients) {
  gradients.push_back(samePool<AvgPool2dGradOp>(
      builder, *this, getInput().getType(), cotangents[0]));
  return success();
}

LogicalResult AvgPool2dGradOp::buildVjp(OpBuilder &builder,
                                        ValueRange cotangents,
                                        SmallVectorImpl<Value> &gradients) {
  gradients.push_back(samePool<AvgPool2dOp>(
      builder, *this, getGradOutput().getType(), cotangents[0]));
  return success();
}
