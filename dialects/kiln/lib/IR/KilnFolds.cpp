//===- KilnFolds.cpp - kiln folders and canonicalization patterns ---------===//
//
// The identities a traced graph is full of: casts and reshapes to the same
// type, broadcasts that do not broadcast, chains of transposes, reshapes and
// broadcasts that collapse into one op, and transposed products that are
// cheaper as products of transposes.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace kiln::ir;

/// A splat constant keeps its value under any reshaping op.
static Attribute reshapeSplat(Attribute operand, Type resultType) {
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(operand))
    return SplatElementsAttr::get(cast<ShapedType>(resultType),
                                  splat.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

OpFoldResult NegOp::fold(FoldAdaptor) {
  if (auto inner = getOperand().getDefiningOp<NegOp>())
    return inner.getOperand();
  return {};
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return reshapeSplat(adaptor.getOperand(), getType());
}

namespace {
/// broadcast(broadcast(x, inner), outer) -> broadcast(x, outer[inner]).
struct ComposeBroadcasts : OpRewritePattern<BroadcastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BroadcastOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getOperand().getDefiningOp<BroadcastOp>();
    if (!inner)
      return failure();
    SmallVector<int64_t> dims;
    for (int64_t dim : inner.getDims())
      dims.push_back(op.getDims()[dim]);
    rewriter.replaceOpWithNewOp<BroadcastOp>(op, op.getType(),
                                             inner.getOperand(), dims);
    return success();
  }
};
} // namespace

void BroadcastOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeBroadcasts>(context);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  if (auto inner = getOperand().getDefiningOp<ReshapeOp>()) {
    getOperandMutable().assign(inner.getOperand());
    return getResult();
  }
  return reshapeSplat(adaptor.getOperand(), getType());
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getOperand();
  if (auto inner = getOperand().getDefiningOp<TransposeOp>()) {
    // Result dim i is inner dim perm[i], which is source dim
    // innerPerm[perm[i]].
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPermutation()[p]);
    getOperandMutable().assign(inner.getOperand());
    setPermutation(composed);
    return getResult();
  }
  return reshapeSplat(adaptor.getOperand(), getType());
}

namespace {
/// Whether `permutation` swaps the last two of its dimensions only.
bool swapsMatrixDims(ArrayRef<int64_t> permutation) {
  int64_t rank = permutation.size();
  if (rank < 2)
    return false;
  for (int64_t i = 0; i < rank - 2; ++i)
    if (permutation[i] != i)
      return false;
  return permutation[rank - 2] == rank - 1 && permutation[rank - 1] == rank - 2;
}

/// Elements a transpose of `value` would copy: none where `value` is itself
/// a transpose (the two fold), else its size; none if the size is unknown.
std::optional<int64_t> transposeCost(Value value) {
  if (auto transpose = value.getDefiningOp<TransposeOp>())
    if (swapsMatrixDims(transpose.getPermutation()))
      return 0;
  auto type = cast<ShapedType>(value.getType());
  if (!type.hasStaticShape())
    return std::nullopt;
  return type.getNumElements();
}

/// transpose(a @ b) -> transpose(b) @ transpose(a) where that copies fewer
/// elements. A weight's gradient, traced as transpose(transpose(x) @ dy),
/// becomes transpose(dy) @ x: a copy of dy instead of two of the weight.
struct TransposeOfMatmul : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto matmul = op.getOperand().getDefiningOp<MatmulOp>();
    if (!matmul || !matmul->hasOneUse() ||
        !swapsMatrixDims(op.getPermutation()) || !op.getType().hasStaticShape())
      return failure();
    std::optional<int64_t> lhsCost = transposeCost(matmul.getLhs());
    std::optional<int64_t> rhsCost = transposeCost(matmul.getRhs());
    if (!lhsCost || !rhsCost ||
        *lhsCost + *rhsCost >= op.getType().getNumElements())
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> permutation = op.getPermutation();
    Value lhs =
        TransposeOp::create(rewriter, loc, matmul.getRhs(), permutation);
    Value rhs =
        TransposeOp::create(rewriter, loc, matmul.getLhs(), permutation);
    rewriter.replaceOpWithNewOp<MatmulOp>(op, op.getType(), lhs, rhs);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<TransposeOfMatmul>(context);
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType() &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getOperand();
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}
