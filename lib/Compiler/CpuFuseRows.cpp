//===- CpuFuseRows.cpp - row blocks through chains of row-wise ops --------===//
//
// Softmax, layer norm and their gradients are chains of elementwise ops and
// row reductions, each of which would otherwise stream the whole tensor
// through memory: read x for the maximum, again for the exponentials,
// write them, read them for the sum, and again to divide. Tiling the last
// op of such a chain into blocks of rows (scf.forall, one block per thread
// at a time) and fusing every producer whose rows the block needs into the
// block keeps a block's rows in cache from the first op to the last.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace kiln {
#define GEN_PASS_DEF_CPUFUSEROWS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Blocks hold about this many bytes of each operand's rows: a row of 1024
/// floats, so that each pass after a block's first reads from L1 (blocks of
/// 16 such rows, in L2, ran 1.6x slower).
constexpr int64_t kBlockBytes = 4 * 1024;
/// Enough blocks for the cores to share the work evenly.
constexpr int64_t kMinBlocks = 16;

/// The ops fused into row blocks: elementwise ops, reductions and the fills
/// of their accumulators, not contractions (which have their own tiling).
bool isRowWise(Operation *op) {
  return isa<linalg::GenericOp, linalg::ReduceOp, linalg::FillOp>(op) &&
         !op->getParentOfType<scf::ForallOp>();
}

/// Rows per block for `op`, whose loop 0 is parallel and indexes the rows of
/// its first result; none when it has too few rows or is too small.
std::optional<int64_t> rowsPerBlock(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() ||
      op.getIteratorTypesArray()[0] != utils::IteratorType::parallel)
    return std::nullopt;
  AffineMap resultMap = op.getIndexingMapMatchingResult(op->getResult(0));
  if (resultMap.getNumResults() == 0 ||
      resultMap.getResult(0) != getAffineDimExpr(0, op.getContext()))
    return std::nullopt;
  auto resultType = cast<ShapedType>(op->getResult(0).getType());
  int64_t rows = ranges[0];
  int64_t rowBytes =
      std::max<int64_t>(1, resultType.getElementTypeBitWidth() / 8);
  for (int64_t range : ArrayRef(ranges).drop_front()) {
    if (ShapedType::isDynamic(range))
      return std::nullopt;
    rowBytes *= range;
  }
  if (ShapedType::isDynamic(rows) || rows < 2 * kMinBlocks)
    return std::nullopt;
  int64_t wanted = std::max<int64_t>(1, kBlockBytes / rowBytes);
  for (int64_t tile = std::min(wanted, rows / kMinBlocks); tile >= 1; --tile)
    if (rows % tile == 0)
      return tile;
  return std::nullopt;
}

/// Whether `op` only reshapes (a reduction's result viewed with its kept
/// dimension): row blocks look through it, since slices move above it.
bool isReshape(Operation *op) {
  return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op);
}

/// The op that computes `value`, behind any reshapes.
Operation *producerBehindReshapes(Value value) {
  Operation *producer = value.getDefiningOp();
  while (producer && isReshape(producer))
    producer = producer->getOperand(0).getDefiningOp();
  return producer;
}

/// `op` and the row-wise ops it reads from, directly, through reshapes or
/// through other row-wise ops: what its row blocks may fuse.
llvm::SmallPtrSet<Operation *, 16> chainOf(Operation *op) {
  SmallVector<Operation *> work = {op};
  llvm::SmallPtrSet<Operation *, 16> chain;
  while (!work.empty()) {
    Operation *current = work.pop_back_val();
    if (!chain.insert(current).second)
      continue;
    for (Value operand : current->getOperands())
      if (Operation *producer = producerBehindReshapes(operand);
          producer && isRowWise(producer))
        work.push_back(producer);
  }
  return chain;
}

/// Whether `chain` holds a reduction (a row statistic, a sum over the
/// batch): chains without one are single fused ops already, which row
/// blocks would only make bigger to compile.
bool reduces(const llvm::SmallPtrSet<Operation *, 16> &chain) {
  return llvm::any_of(chain, [](Operation *op) {
    return cast<linalg::LinalgOp>(op).getNumReductionLoops() > 0;
  });
}

/// Whether `user` comes after `anchor`, in its block or nested in an op that
/// does.
bool comesAfter(Operation *anchor, Operation *user) {
  Operation *ancestor = anchor->getBlock()->findAncestorOpInBlock(*user);
  return ancestor && anchor->isBeforeInBlock(ancestor);
}

/// Whether `op` ends a chain: no row-wise op reads its results, directly or
/// through reshapes.
bool endsChain(Operation *op) {
  for (Operation *user : op->getUsers())
    if (isRowWise(user) || (isReshape(user) && !endsChain(user)))
      return false;
  return true;
}

struct CpuFuseRowsPass : kiln::impl::CpuFuseRowsBase<CpuFuseRowsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, int64_t>> roots;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!isRowWise(op) || isa<linalg::FillOp>(op) || !endsChain(op) ||
          !reduces(chainOf(op)))
        return;
      if (std::optional<int64_t> rows = rowsPerBlock(op))
        roots.emplace_back(op, *rows);
    });
    IRRewriter rewriter(&getContext());
    for (auto [root, rows] : roots) {
      llvm::SmallPtrSet<Operation *, 16> chain = chainOf(root);
      SmallVector<OpFoldResult> tileSizes(root.getNumLoops(),
                                          rewriter.getIndexAttr(0));
      tileSizes[0] = rewriter.getIndexAttr(rows);
      scf::SCFTileAndFuseOptions options;
      options.tilingOptions.setTileSizes(tileSizes);
      options.tilingOptions.setLoopType(
          scf::SCFTilingOptions::LoopType::ForallOp);
      // A producer is fused when the block reads only its own rows of it;
      // one read whole by every block (a bias, a column statistic) is
      // computed once, outside. A fused producer that ops outside the chain
      // read too is yielded by the blocks for them, not computed twice.
      options.setFusionControlFn(
          [&chain](tensor::ExtractSliceOp slice, OpResult producer, bool)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            auto type = dyn_cast<RankedTensorType>(producer.getType());
            if (!isRowWise(producer.getOwner()) || !type ||
                type.getRank() == 0 ||
                slice.getStaticSizes()[0] >= type.getDimSize(0))
              return std::nullopt;
            // Only users after the blocks can read what they yield; the
            // slices the blocks take of it are its users too.
            auto blocks = slice->getParentOfType<scf::ForallOp>();
            bool readOutside =
                llvm::any_of(producer.getUsers(), [&](Operation *user) {
                  return !chain.contains(user) && !blocks->isAncestor(user) &&
                         comesAfter(blocks, user);
                });
            return scf::SCFTileAndFuseOptions::ControlFnResult{readOutside};
          });
      // Slices move above reshapes, so producers behind a reshape (a
      // reduction's kept dimension) fuse too.
      RewritePatternSet cleanup(&getContext());
      tensor::populateBubbleUpExtractSliceOpPatterns(cleanup);
      options.cleanupPatterns = FrozenRewritePatternSet(std::move(cleanup));
      rewriter.setInsertionPoint(root);
      auto blocks = scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root.getOperation()), options);
      // Row blocks are an optimization: a chain that cannot be tiled runs
      // as it is.
      if (failed(blocks))
        continue;
      // The chain's original ops (dead now), the slices the blocks took of
      // the originals and anything before the blocks keep their operands.
      Operation *loop = blocks->loops.front();
      for (auto [original, replacement] : blocks->replacements)
        rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
          return !chain.contains(use.getOwner()) &&
                 comesAfter(loop, use.getOwner());
        });
    }
  }
};

} // namespace
