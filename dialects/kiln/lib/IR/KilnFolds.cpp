//===- KilnFolds.cpp - kiln folders and canonicalization patterns ---------===//
//
// The identities a traced graph is full of: casts and reshapes to the same
// type, broadcasts that do not broadcast, chains of transposes, reshapes and
// broadcasts that collapse into one op, transposed products that are
// cheaper as products of transposes, and products over nothing.
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

/// The matrix transpose `value` is, if it is one.
TransposeOp matrixTranspose(Value value) {
  auto transpose = value.getDefiningOp<TransposeOp>();
  if (transpose && swapsMatrixDims(transpose.getPermutation()))
    return transpose;
  return {};
}

/// Whether `value` is a matrix transpose of one: the two fold, and the
/// patterns below wait for that so their costs see the folded graph (they
/// would otherwise undo each other).
bool isUnfoldedDoubleTranspose(Value value) {
  TransposeOp outer = matrixTranspose(value);
  return outer && matrixTranspose(outer.getOperand());
}

/// Whether an operand of `matmul` is an unfolded double transpose.
bool hasUnfoldedDoubleTranspose(MatmulOp matmul) {
  return isUnfoldedDoubleTranspose(matmul.getLhs()) ||
         isUnfoldedDoubleTranspose(matmul.getRhs());
}

/// Elements a matrix of `type` holds; none if its shape is not static.
std::optional<int64_t> sizeOf(Type type) {
  auto shaped = cast<ShapedType>(type);
  if (!shaped.hasStaticShape())
    return std::nullopt;
  return shaped.getNumElements();
}

/// Elements a transpose of `value` would copy: none where `value` is itself
/// a transpose (the two fold), else its size; none if the size is unknown.
std::optional<int64_t> transposeCost(Value value) {
  if (matrixTranspose(value))
    return 0;
  return sizeOf(value.getType());
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
        !swapsMatrixDims(op.getPermutation()) ||
        hasUnfoldedDoubleTranspose(matmul))
      return failure();
    std::optional<int64_t> lhsCost = transposeCost(matmul.getLhs());
    std::optional<int64_t> rhsCost = transposeCost(matmul.getRhs());
    std::optional<int64_t> resultSize = sizeOf(op.getType());
    if (!lhsCost || !rhsCost || !resultSize ||
        *lhsCost + *rhsCost >= *resultSize)
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

/// a @ transpose(b) -> transpose(b @ transpose(a)) where that copies fewer
/// elements: a linear layer's x @ transpose(W) copies x and the result, not
/// the weight (at batch 32, 784 -> 512: 41K elements instead of 401K).
struct MatmulOfTransposedRhs : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    // The weight's copy goes away only if this product is its one reader.
    TransposeOp rhs = matrixTranspose(op.getRhs());
    if (!rhs || !rhs->hasOneUse() || hasUnfoldedDoubleTranspose(op))
      return failure();
    Value weight = rhs.getOperand();
    std::optional<int64_t> lhsCost = transposeCost(op.getLhs());
    std::optional<int64_t> resultSize = sizeOf(op.getType());
    std::optional<int64_t> weightSize = sizeOf(weight.getType());
    if (!lhsCost || !resultSize || !weightSize ||
        *lhsCost + *resultSize >= *weightSize)
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> permutation = rhs.getPermutation();
    Value lhsTransposed =
        TransposeOp::create(rewriter, loc, op.getLhs(), permutation);
    Value product = MatmulOp::create(rewriter, loc, weight, lhsTransposed);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, product, permutation);
    return success();
  }
};
} // namespace

OpFoldResult MatmulOp::fold(FoldAdaptor) {
  // A sum over an empty contraction dimension is zero.
  auto lhs = cast<ShapedType>(getLhs().getType());
  auto type = cast<ShapedType>(getType());
  if (!type.hasStaticShape() || lhs.getDimSize(lhs.getRank() - 1) != 0)
    return {};
  return DenseElementsAttr::get(
      type, Builder(getContext()).getZeroAttr(type.getElementType()));
}

void MatmulOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<MatmulOfTransposedRhs>(context);
}

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
