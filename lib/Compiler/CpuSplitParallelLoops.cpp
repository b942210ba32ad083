//===- CpuSplitParallelLoops.cpp - parallel rows, sequential columns ------===//
//
// convert-scf-to-openmp collapses every dimension of an `scf.parallel` into
// one linear OpenMP loop. The indices it then recovers with divisions hide
// the rows from LLVM: an operand broadcast along a row (softmax's row
// maximum, a bias) is read at `i / columns`, which LLVM's vectorizer cannot
// bound, so the loop stays scalar. Keeping only the leading dimensions
// parallel and the rest as `scf.for` loops gives LLVM plain inner loops.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

#include <limits>

namespace kiln {
#define GEN_PASS_DEF_CPUSPLITPARALLELLOOPS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The trip count of dimension `i` of `loop`, when its bounds are known.
std::optional<int64_t> tripCount(scf::ParallelOp loop, unsigned i) {
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound()[i]);
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound()[i]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[i]);
  if (!lower || !upper || !step || *step <= 0)
    return std::nullopt;
  return llvm::divideCeil(std::max<int64_t>(*upper - *lower, 0), *step);
}

/// The fewest leading dimensions of `loop` with at least `minIterations`
/// iterations between them; all of them when no prefix has that many. A
/// dimension whose trip count is not known ends the prefix.
unsigned parallelPrefix(scf::ParallelOp loop, int64_t minIterations) {
  int64_t iterations = 1;
  for (unsigned i = 0, e = loop.getNumLoops(); i < e; ++i) {
    std::optional<int64_t> count = tripCount(loop, i);
    if (!count)
      return i + 1;
    iterations *= *count;
    if (iterations >= minIterations)
      return i + 1;
  }
  return loop.getNumLoops();
}

/// The trip count of `loop`, when its bounds are known.
std::optional<int64_t> tripCount(scf::ForOp loop) {
  std::optional<llvm::APInt> count = loop.getStaticTripCount();
  if (!count)
    return std::nullopt;
  return count->getSExtValue();
}

/// `a * b` for non-negative counts, saturating instead of overflowing.
int64_t saturatingProduct(int64_t a, int64_t b) {
  if (b != 0 && a > std::numeric_limits<int64_t>::max() / b)
    return std::numeric_limits<int64_t>::max();
  return a * b;
}

/// `a + b` for non-negative counts, saturating instead of overflowing.
int64_t saturatingSum(int64_t a, int64_t b) {
  if (a > std::numeric_limits<int64_t>::max() - b)
    return std::numeric_limits<int64_t>::max();
  return a + b;
}

/// The operations `loop` runs in all: each as often as the loops around it
/// run, a vector operation counting its lanes (a 16x16 transpose tile's
/// write counts 256). None when a trip count is not known.
std::optional<int64_t> operationsRun(scf::ParallelOp loop) {
  int64_t total = 0;
  bool known = true;
  loop.getBody()->walk([&](Operation *op) {
    if (!known || isa<LoopLikeOpInterface>(op) ||
        op->hasTrait<OpTrait::IsTerminator>())
      return;
    int64_t runs = 1;
    for (Value value : llvm::concat<Value>(op->getOperands(), op->getResults()))
      if (auto vector = dyn_cast<VectorType>(value.getType()))
        runs = std::max<int64_t>(runs, vector.getNumElements());
    for (Operation *parent = op->getParentOp(); parent != loop;
         parent = parent->getParentOp()) {
      SmallVector<std::optional<int64_t>> trips;
      if (auto inner = dyn_cast<scf::ForOp>(parent))
        trips.push_back(tripCount(inner));
      else if (auto inner = dyn_cast<scf::ParallelOp>(parent))
        for (unsigned i = 0, e = inner.getNumLoops(); i < e; ++i)
          trips.push_back(tripCount(inner, i));
      else if (isa<LoopLikeOpInterface>(parent))
        trips.push_back(std::nullopt);
      for (std::optional<int64_t> count : trips) {
        if (!count) {
          known = false;
          return;
        }
        runs = saturatingProduct(runs, *count);
      }
    }
    total = saturatingSum(total, runs);
  });
  for (unsigned i = 0, e = loop.getNumLoops(); i < e && known; ++i) {
    std::optional<int64_t> count = tripCount(loop, i);
    known = count.has_value();
    if (known)
      total = saturatingProduct(total, *count);
  }
  if (!known)
    return std::nullopt;
  return total;
}

/// Whether `loop` runs fewer than `minOperations` operations in all: too
/// little work to pay for waking the other threads (a fork and join cost
/// more than a few thousand vector operations on one core).
bool isSmall(scf::ParallelOp loop, int64_t minOperations) {
  std::optional<int64_t> operations = operationsRun(loop);
  return operations && *operations < minOperations;
}

/// Rewrites `loop` as an `scf.parallel` over its first `prefix` dimensions
/// (none: no parallel loop) around `scf.for` loops over the others. The
/// body's fixed-size stack buffers (kiln-free-block-temporaries') are
/// allocated once, outside the `scf.for` loops: each iteration of those would
/// otherwise take more stack, and nothing gives it back before the parallel
/// iteration ends.
void split(scf::ParallelOp loop, unsigned prefix) {
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  SmallVector<Value> inductionVars;
  if (prefix > 0) {
    auto outer = scf::ParallelOp::create(
        builder, loc, loop.getLowerBound().take_front(prefix),
        loop.getUpperBound().take_front(prefix),
        loop.getStep().take_front(prefix));
    builder.setInsertionPointToStart(outer.getBody());
    llvm::append_range(inductionVars, outer.getInductionVars());
  }
  for (auto alloca :
       llvm::make_early_inc_range(loop.getBody()->getOps<memref::AllocaOp>()))
    if (alloca.getType().hasStaticShape())
      alloca->moveBefore(builder.getInsertionBlock(),
                         builder.getInsertionPoint());
  for (unsigned i = prefix, e = loop.getNumLoops(); i < e; ++i) {
    auto inner = scf::ForOp::create(builder, loc, loop.getLowerBound()[i],
                                    loop.getUpperBound()[i], loop.getStep()[i]);
    inductionVars.push_back(inner.getInductionVar());
    builder.setInsertionPointToStart(inner.getBody());
  }
  Operation *innermostEnd = builder.getInsertionBlock()->getTerminator();
  for (auto [old, replacement] :
       llvm::zip(loop.getInductionVars(), inductionVars))
    old.replaceAllUsesWith(replacement);
  for (Operation &op :
       llvm::make_early_inc_range(loop.getBody()->without_terminator()))
    op.moveBefore(innermostEnd);
  loop.erase();
}

struct CpuSplitParallelLoopsPass
    : kiln::impl::CpuSplitParallelLoopsBase<CpuSplitParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<scf::ParallelOp, unsigned>> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop.getNumReductions() != 0)
        return;
      // A parallel loop inside another runs on the thread that runs the
      // outer iteration, and a small one on the thread that reaches it: all
      // of it sequential.
      bool sequential = loop->getParentOfType<scf::ParallelOp>() ||
                        isSmall(loop, minParallelOperations);
      unsigned prefix =
          sequential ? 0 : parallelPrefix(loop, minParallelIterations);
      if (prefix < loop.getNumLoops())
        loops.emplace_back(loop, prefix);
    });
    for (auto [loop, prefix] : loops)
      split(loop, prefix);
  }
};

} // namespace
