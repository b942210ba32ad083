//===- DataMovement.cpp - kiln shape and creation ops to linalg/tensor ----===//
//
// broadcast, reshape, transpose, slice, concat, pad, iota and constant: ops
// that move or create data without arithmetic on it.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// Operand dimension i is result dimension dims[i], read at index 0 where it
/// grows from size 1.
struct BroadcastLowering : OpConversionPattern<BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    RankedTensorType resultType = op.getType();
    if (operandType == resultType) {
      rewriter.replaceOp(op, operand);
      return success();
    }
    SmallVector<AffineExpr> operandExprs;
    for (auto [i, dim] : llvm::enumerate(op.getDims())) {
      bool grows = operandType.getDimSize(i) != resultType.getDimSize(dim);
      operandExprs.push_back(grows ? rewriter.getAffineConstantExpr(0)
                                   : rewriter.getAffineDimExpr(dim));
    }
    AffineMap operandMap = AffineMap::get(resultType.getRank(), 0, operandExprs,
                                          rewriter.getContext());
    rewriter.replaceOp(op, copyThrough(rewriter, op.getLoc(), operand,
                                       resultType, operandMap));
    return success();
  }
};

/// A pure collapse or expansion becomes `tensor.collapse_shape` or
/// `tensor.expand_shape`; any other reshape collapses to 1-D and expands.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto sourceType = cast<RankedTensorType>(operand.getType());
    RankedTensorType resultType = op.getType();
    if (sourceType == resultType) {
      rewriter.replaceOp(op, operand);
      return success();
    }
    ArrayRef<int64_t> source = sourceType.getShape();
    ArrayRef<int64_t> target = resultType.getShape();
    if (target.size() < source.size()) {
      if (auto reassociation =
              getReassociationIndicesForCollapse(source, target)) {
        rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
            op, resultType, operand, *reassociation);
        return success();
      }
    } else if (target.size() > source.size()) {
      if (auto reassociation =
              getReassociationIndicesForCollapse(target, source)) {
        rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
            op, resultType, operand, *reassociation);
        return success();
      }
    }
    // Neither rank is 0 here: a 0-d tensor reshapes to all-ones shapes,
    // which are pure expansions or collapses.
    auto all = [](int64_t rank) {
      ReassociationIndices indices;
      for (int64_t i = 0; i < rank; ++i)
        indices.push_back(i);
      return SmallVector<ReassociationIndices>{indices};
    };
    Value flat = tensor::CollapseShapeOp::create(rewriter, loc, operand,
                                                 all(source.size()));
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, resultType, flat,
                                                       all(target.size()));
    return success();
  }
};

/// Result dimension i is operand dimension permutation[i].
struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<unsigned> order = llvm::map_to_vector(
        op.getPermutation(), [](int64_t dim) { return unsigned(dim); });
    rewriter.replaceOp(
        op, permuted(rewriter, op.getLoc(), adaptor.getOperand(), order));
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, adaptor.getOperand(),
        getAsIndexOpFoldResult(context, op.getStart()),
        getAsIndexOpFoldResult(context, resultType.getShape()),
        getAsIndexOpFoldResult(context, op.getStrides()));
    return success();
  }
};

/// A chain of `tensor.insert_slice` into one `tensor.empty`, which
/// bufferizes to copies into a single allocation.
struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    int64_t dim = op.getDim();
    Value result = createEmpty(rewriter, loc, resultType);
    SmallVector<int64_t> offsets(resultType.getRank(), 0);
    SmallVector<int64_t> strides(resultType.getRank(), 1);
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result,
          getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, inputType.getShape()),
          getAsIndexOpFoldResult(context, strides));
      offsets[dim] += inputType.getDimSize(dim);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `tensor.pad` yielding the run-time scalar read from the 0-d value operand.
struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    Value value = tensor::ExtractOp::create(rewriter, op.getLoc(),
                                            adaptor.getValue(), ValueRange{});
    rewriter.replaceOpWithNewOp<tensor::PadOp>(
        op, op.getType(), adaptor.getOperand(),
        getAsIndexOpFoldResult(context, op.getLow()),
        getAsIndexOpFoldResult(context, op.getHigh()), value);
    return success();
  }
};

/// A `linalg.generic` writing `linalg.index` of `dim`, converted to the
/// element type.
struct IotaLowering : OpConversionPattern<IotaOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    unsigned rank = resultType.getRank();
    int64_t dim = op.getDim();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{},
        createEmpty(rewriter, loc, resultType),
        rewriter.getMultiDimIdentityMap(rank), parallelIterators(rank),
        [&](OpBuilder &b, Location nested, ValueRange) {
          Type intType =
              isa<FloatType>(elementType) ? b.getI64Type() : elementType;
          Value count = arith::IndexCastOp::create(
              b, nested, intType, linalg::IndexOp::create(b, nested, dim));
          linalg::YieldOp::create(b, nested,
                                  castScalar(b, nested, count, elementType));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

} // namespace

void populateDataMovementPatterns(RewritePatternSet &patterns) {
  patterns
      .add<BroadcastLowering, ReshapeLowering, TransposeLowering, SliceLowering,
           ConcatLowering, PadLowering, IotaLowering, ConstantLowering>(
          patterns.getContext());
}

} // namespace kiln::lowering
