//===- FuseElementwise.cpp - elementwise fusion that keeps named ops ------===//
//
// The patterns of linalg-fuse-elementwise-ops under a control function that
// leaves named linalg ops out of reshape propagation, so a matmul or a
// convolution stays one (for kiln's tiling and for cuBLAS/cuDNN) whatever
// reshapes its operands and results go through; plus a pattern that fuses
// an elementwise producer with later readers into its elementwise consumer.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// A linalg op other than linalg.generic: its name is what later passes
/// match (matmul tiling, cuBLAS and cuDNN calls).
bool isNamedLinalgOp(Operation *op) {
  return op && isa<linalg::LinalgOp>(op) && !isa<linalg::GenericOp>(op);
}

/// Fuses through `operand` (of its owner, defined by its producer) when the
/// producer has no other use and neither side is a named linalg op.
bool shouldFuse(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  return producer && producer->hasOneUse() && !isNamedLinalgOp(producer) &&
         !isNamedLinalgOp(operand->getOwner());
}

/// The most ops a body may reach by recomputing producers in it: enough for
/// a normalization's chain, few enough that a shared subexpression read by
/// many consumers, in turn shared, is not recomputed without bound.
constexpr size_t kMaxRecomputedBodyOps = 48;

size_t bodySize(Operation *op) {
  return op->getRegion(0).front().getOperations().size();
}

/// shouldFuse, or a linalg.generic producer read only by other
/// linalg.generics (which will all recompute it, so that it dies) whose
/// body and the consumer's stay small together.
bool shouldFuseRecomputing(OpOperand *operand) {
  if (shouldFuse(operand))
    return true;
  auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  return producer && consumer &&
         llvm::all_of(producer->getUsers(), llvm::IsaPred<linalg::GenericOp>) &&
         bodySize(producer) + bodySize(consumer) <= kMaxRecomputedBodyOps;
}

/// An elementwise linalg.generic whose operands are each read and written
/// at the identity (one element per point of its iteration space) or are
/// scalars (a learning rate).
bool isPlainElementwise(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops() &&
         llvm::all_of(generic.getIndexingMapsArray(), [](AffineMap map) {
           return map.isIdentity() || map.getNumResults() == 0;
         });
}

/// Whether `consumer` reads `producer` once, and every other use of
/// `producer`'s results comes after `consumer`, which can then stand for
/// the producer. (A second read by the consumer would become the fused op
/// reading its own result.)
bool canStandFor(Operation *consumer, Operation *producer) {
  if (llvm::count_if(consumer->getOperands(), [&](Value v) {
        return v.getDefiningOp() == producer;
      }) != 1)
    return false;
  return llvm::all_of(producer->getUsers(), [&](Operation *user) {
    if (user == consumer)
      return true;
    Operation *ancestor = consumer->getBlock()->findAncestorOpInBlock(*user);
    return ancestor && consumer->isBeforeInBlock(ancestor);
  });
}

/// Fuses a plain elementwise producer whose result has other uses into a
/// plain elementwise consumer: the fused op also yields the producer's
/// result, which then replaces it everywhere. An optimizer's new momentum,
/// returned and read by the parameter's update, is then written once and
/// not read back. (Upstream's pattern would recompute the producer in the
/// consumer and keep it for its other uses.)
struct FuseKeepingProducerResults : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    if (!isPlainElementwise(consumer))
      return failure();
    for (OpOperand *operand : consumer.getDpsInputOperands()) {
      auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
      if (!producer || producer->hasOneUse() || !isPlainElementwise(producer) ||
          producer.getNumLoops() != consumer.getNumLoops() ||
          !canStandFor(consumer, producer) ||
          !linalg::areElementwiseOpsFusable(operand))
        continue;
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, operand);
      if (failed(fused))
        continue;
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct FuseElementwisePass
    : kiln::impl::FuseElementwiseBase<FuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, recompute ? shouldFuseRecomputing : shouldFuse);
    patterns.add<FuseKeepingProducerResults>(context);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, shouldFuse);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, shouldFuse);
    // Top-down, as upstream, for compile time. Not converging within the
    // driver's limit leaves correct, less fused IR: not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace
