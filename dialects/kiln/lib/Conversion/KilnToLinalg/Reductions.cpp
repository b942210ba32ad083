//===- Reductions.cpp - kiln reductions and argmax to linalg --------------===//
//
// reduce_sum/max/min become a `linalg.generic` reducing into a filled init (0,
// -inf or +inf, or the integer limits); a full reduction of a large tensor
// first reduces equal contiguous parts (in parallel), then their results.
// argmax is one `linalg.generic` with two outputs, the running maximum and
// its index.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

enum class ReduceKind { Sum, Max, Min };

/// The accumulator of `kind` combined with element `x`. max and min of floats
/// propagate NaN, as torch.amax and torch.amin do, but which of -0 and +0
/// they pick is left open, as in PyTorch: ordering the zeros doubles the
/// instructions of a vectorized maximum on x86. Float sums may be
/// reassociated, so that LLVM vectorizes them into several partial sums
/// (PyTorch's sums are not in order either).
Value combine(OpBuilder &b, Location loc, ReduceKind kind, Value x, Value acc) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case ReduceKind::Sum:
    return isFloat ? arith::AddFOp::create(b, loc, x, acc,
                                           arith::FastMathFlags::reassoc)
                         .getResult()
                   : arith::AddIOp::create(b, loc, x, acc).getResult();
  case ReduceKind::Max:
    return isFloat ? arith::MaximumFOp::create(b, loc, x, acc,
                                               arith::FastMathFlags::nsz)
                         .getResult()
                   : arith::MaxSIOp::create(b, loc, x, acc).getResult();
  case ReduceKind::Min:
    return isFloat ? arith::MinimumFOp::create(b, loc, x, acc,
                                               arith::FastMathFlags::nsz)
                         .getResult()
                   : arith::MinSIOp::create(b, loc, x, acc).getResult();
  }
  llvm_unreachable("unknown reduction");
}

/// The identity of `kind` on `type`.
Value identity(OpBuilder &b, Location loc, ReduceKind kind, Type type) {
  switch (kind) {
  case ReduceKind::Sum:
    return createConstant(b, loc, type, 0);
  case ReduceKind::Max:
    return createLowest(b, loc, type);
  case ReduceKind::Min:
    return createHighest(b, loc, type);
  }
  llvm_unreachable("unknown reduction");
}

/// Converts every element of `value` to the element type of `type`.
Value castTensor(OpBuilder &b, Location loc, Value value,
                 RankedTensorType type) {
  unsigned rank = type.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank));
  return linalg::GenericOp::create(
             b, loc, type, value, createEmpty(b, loc, type), maps,
             parallelIterators(rank),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nloc,
                   castScalar(nb, nloc, args[0], type.getElementType()));
             })
      .getResult(0);
}

/// Reduces `operand` over `dims` (sorted) into an accumulator of `accType`
/// starting at `kind`'s identity. A `linalg.generic` rather than
/// `linalg.reduce`, so that elementwise fusion folds the ops producing the
/// operand (layer norm's squares) into the reduction's loop.
Value buildReduce(OpBuilder &b, Location loc, ReduceKind kind, Value operand,
                  ArrayRef<int64_t> dims, Type accType) {
  auto type = cast<RankedTensorType>(operand.getType());
  unsigned rank = type.getRank();
  SmallVector<int64_t> kept;
  SmallVector<AffineExpr> keptDims;
  SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
  for (unsigned i = 0; i < rank; ++i) {
    if (llvm::is_contained(dims, i)) {
      iterators[i] = utils::IteratorType::reduction;
      continue;
    }
    kept.push_back(type.getDimSize(i));
    keptDims.push_back(b.getAffineDimExpr(i));
  }
  Value init = createFilled(b, loc, RankedTensorType::get(kept, accType),
                            identity(b, loc, kind, accType));
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, keptDims, b.getContext())};
  return linalg::GenericOp::create(
             b, loc, init.getType(), operand, init, maps, iterators,
             [&](OpBuilder &nb, Location nested, ValueRange args) {
               Value x = castScalar(nb, nested, args[0], accType);
               linalg::YieldOp::create(nb, nested,
                                       combine(nb, nested, kind, x, args[1]));
             })
      .getResult(0);
}

/// Full reductions of at least this many elements are split into parts.
constexpr int64_t kSplitElements = 1 << 16;
/// The most parts a split reduction has: enough for the cores, each part
/// still long enough to vectorize.
constexpr int64_t kMaxParts = 64;

/// The number of equal parts to split a reduction of `type` over `dims`
/// into: the largest divisor of its size up to kMaxParts, when it reduces
/// every dimension of at least kSplitElements elements.
std::optional<int64_t> splitParts(RankedTensorType type,
                                  ArrayRef<int64_t> dims) {
  int64_t count = type.getNumElements();
  if (static_cast<int64_t>(dims.size()) != type.getRank() ||
      count < kSplitElements)
    return std::nullopt;
  for (int64_t parts = kMaxParts; parts > 1; --parts)
    if (count % parts == 0)
      return parts;
  return std::nullopt;
}

template <typename OpTy, ReduceKind kind>
struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    SmallVector<int64_t> dims(op.getDims());
    llvm::sort(dims);
    if (dims.empty()) {
      rewriter.replaceOp(op, adaptor.getOperand());
      return success();
    }
    Type elementType = resultType.getElementType();
    // Half-precision sums accumulate in f32, as PyTorch's do, so that long
    // sums keep their precision.
    Type accType = elementType;
    if (kind == ReduceKind::Sum && isa<FloatType>(elementType) &&
        elementType.getIntOrFloatBitWidth() < 32)
      accType = rewriter.getF32Type();

    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    Value result;
    if (std::optional<int64_t> parts = splitParts(operandType, dims)) {
      // A full reduction of a large tensor: partial results of `parts`
      // contiguous pieces, which run in parallel, then their combination.
      int64_t count = operandType.getNumElements();
      Value flat = operand;
      if (operandType.getRank() != 1) {
        ReassociationIndices all;
        for (int64_t i = 0; i < operandType.getRank(); ++i)
          all.push_back(i);
        flat = tensor::CollapseShapeOp::create(
            rewriter, loc, operand, SmallVector<ReassociationIndices>{all});
      }
      Value pieces = tensor::ExpandShapeOp::create(
          rewriter, loc, operandType.clone({*parts, count / *parts}), flat,
          SmallVector<ReassociationIndices>{{0, 1}});
      Value partial = buildReduce(rewriter, loc, kind, pieces, {1}, accType);
      result = buildReduce(rewriter, loc, kind, partial, {0}, accType);
    } else {
      result = buildReduce(rewriter, loc, kind, operand, dims, accType);
    }
    if (accType != elementType)
      result = castTensor(rewriter, loc, result, resultType);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// argmax: the index of the first maximum along `dim`. A NaN counts as larger
/// than any number, so the first NaN wins, as in torch.argmax.
struct ArgmaxLowering : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto operandType = cast<RankedTensorType>(adaptor.getOperand().getType());
    RankedTensorType resultType = op.getType();
    Type elementType = operandType.getElementType();
    Type indexType = resultType.getElementType();
    unsigned rank = operandType.getRank();
    int64_t dim = op.getDim();

    Value values = createFilled(rewriter, loc, resultType.clone(elementType),
                                createLowest(rewriter, loc, elementType));
    Value indices = createFilled(rewriter, loc, resultType,
                                 createConstant(rewriter, loc, indexType, 0));

    SmallVector<AffineExpr> kept;
    for (unsigned i = 0; i < rank; ++i)
      if (i != dim)
        kept.push_back(rewriter.getAffineDimExpr(i));
    AffineMap outputMap = AffineMap::get(rank, 0, kept, rewriter.getContext());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outputMap, outputMap};
    SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
    iterators[dim] = utils::IteratorType::reduction;

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.getType(), resultType},
        adaptor.getOperand(), ValueRange{values, indices}, maps, iterators,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value position = arith::IndexCastOp::create(
              b, nested, indexType, linalg::IndexOp::create(b, nested, dim));
          Value take;
          if (isa<FloatType>(elementType)) {
            Value greater = arith::CmpFOp::create(
                b, nested, arith::CmpFPredicate::OGT, x, best);
            Value xIsNan = arith::CmpFOp::create(
                b, nested, arith::CmpFPredicate::UNO, x, x);
            Value bestIsNumber = arith::CmpFOp::create(
                b, nested, arith::CmpFPredicate::ORD, best, best);
            Value firstNan =
                arith::AndIOp::create(b, nested, xIsNan, bestIsNumber);
            take = arith::OrIOp::create(b, nested, greater, firstNan);
          } else {
            take = arith::CmpIOp::create(b, nested, arith::CmpIPredicate::sgt,
                                         x, best);
          }
          Value newBest = arith::SelectOp::create(b, nested, take, x, best);
          Value newIndex =
              arith::SelectOp::create(b, nested, take, position, bestIndex);
          linalg::YieldOp::create(b, nested, ValueRange{newBest, newIndex});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

} // namespace

void populateReductionPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>, ArgmaxLowering>(
      context);
}

} // namespace kiln::lowering
