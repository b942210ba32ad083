//===- Matmul.cpp - kiln.matmul to linalg.matmul / batch_matmul -----------===//
//
// Rank 2 becomes `linalg.matmul`, rank 3 `linalg.batch_matmul`; higher ranks
// collapse their batch dimensions into one around a `linalg.batch_matmul`.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// Folds the leading `rank - 2` dimensions into one: [[0 .. rank-3], [rank-2],
/// [rank-1]].
SmallVector<ReassociationIndices> batchReassociation(int64_t rank) {
  ReassociationIndices batch;
  for (int64_t i = 0; i < rank - 2; ++i)
    batch.push_back(i);
  return {batch, {rank - 2}, {rank - 1}};
}

struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    int64_t rank = resultType.getRank();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    Value zero = createConstant(rewriter, loc, resultType.getElementType(), 0);

    if (rank == 2) {
      Value init = createFilled(rewriter, loc, resultType, zero);
      rewriter.replaceOp(op,
                         linalg::MatmulOp::create(rewriter, loc, resultType,
                                                  ValueRange{lhs, rhs}, init)
                             .getResult(0));
      return success();
    }

    SmallVector<ReassociationIndices> reassociation;
    RankedTensorType batchedType = resultType;
    if (rank > 3) {
      reassociation = batchReassociation(rank);
      lhs = tensor::CollapseShapeOp::create(rewriter, loc, lhs, reassociation);
      rhs = tensor::CollapseShapeOp::create(rewriter, loc, rhs, reassociation);
      batchedType = tensor::CollapseShapeOp::inferCollapsedType(resultType,
                                                                reassociation);
    }
    Value init = createFilled(rewriter, loc, batchedType, zero);
    Value result = linalg::BatchMatmulOp::create(rewriter, loc, batchedType,
                                                 ValueRange{lhs, rhs}, init)
                       .getResult(0);
    if (rank > 3)
      result = tensor::ExpandShapeOp::create(rewriter, loc, resultType, result,
                                             reassociation);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateMatmulPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering>(patterns.getContext());
}

} // namespace kiln::lowering
