//===- CpuInterchangeWindowLoops.cpp - window loops outside output rows ---===//
//
// Pooling reduces a small window per output element. As linalg orders its
// loops (n, c, oy, ox, i, j), the innermost loop spans the window (2 or 3
// iterations) and LLVM vectorizes nothing, or vectorizes the row loop with
// gathers and scatters. Ordered (n, c, i, j, oy, ox), the innermost loop
// runs along an output row and reads the input at a constant stride.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/AffineExprVisitor.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_CPUINTERCHANGEWINDOWLOOPS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The loops of `op` reordered so its window (reduction) loops come just
/// before the first parallel loop that an input index combines with one of
/// them; none when `op` is not such a window op.
std::optional<SmallVector<unsigned>> windowFirstOrder(linalg::LinalgOp op,
                                                      int64_t maxWindow) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape())
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned parallel = op.getNumParallelLoops();
  if (parallel == 0 || parallel == iterators.size() ||
      op.getNumLoops() != parallel + op.getNumReductionLoops())
    return std::nullopt;
  // Parallel loops first, then the reductions, whose trip counts are small.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t window = 1;
  for (unsigned d = 0; d < iterators.size(); ++d) {
    if ((d < parallel) != linalg::isParallelIterator(iterators[d]))
      return std::nullopt;
    if (d >= parallel)
      window *= ranges[d];
  }
  if (window > maxWindow)
    return std::nullopt;

  // The first parallel loop that shares an input index with a reduction.
  unsigned first = parallel;
  for (OpOperand *input : op.getDpsInputOperands()) {
    for (AffineExpr index : op.getMatchingIndexingMap(input).getResults()) {
      if (isa<AffineDimExpr>(index))
        continue;
      llvm::SmallBitVector dims(iterators.size());
      index.walk([&](AffineExpr e) {
        if (auto dim = dyn_cast<AffineDimExpr>(e))
          dims.set(dim.getPosition());
      });
      if (dims.find_next(parallel - 1) == -1)
        continue;
      int firstDim = dims.find_first();
      if (firstDim >= 0 && static_cast<unsigned>(firstDim) < first)
        first = firstDim;
    }
  }
  // Some parallel loop must stay outside, for the threads.
  if (first == 0 || first == parallel)
    return std::nullopt;
  SmallVector<unsigned> order;
  for (unsigned d = 0; d < first; ++d)
    order.push_back(d);
  for (unsigned d = parallel; d < iterators.size(); ++d)
    order.push_back(d);
  for (unsigned d = first; d < parallel; ++d)
    order.push_back(d);
  return order;
}

struct CpuInterchangeWindowLoopsPass
    : kiln::impl::CpuInterchangeWindowLoopsBase<CpuInterchangeWindowLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<unsigned>>> windows;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (auto order = windowFirstOrder(op, maxWindow))
        windows.emplace_back(op, std::move(*order));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, order] : windows) {
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order))) {
        generic.emitError("kiln: cannot interchange window loops");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
