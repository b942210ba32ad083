//===- GpuMapLoops.cpp - host loop nests become GPU launches --------------===//
//
// The pass, its thread-per-iteration mapping and the host reads it moves
// into launches; the warp and block mappings of reductions and row groups
// are in GpuWarpLoops.cpp.
//
//===----------------------------------------------------------------------===//

#include "GpuLaunches.h"

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace kiln {
#define GEN_PASS_DEF_GPUMAPLOOPS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::detail;

namespace {

/// Ops of the host code that read or write buffers, and so must run on the
/// device where the buffers live.
bool touchesBuffers(Operation *op) {
  return isa<scf::ParallelOp, scf::ForOp, memref::LoadOp, memref::StoreOp>(op);
}

/// Whether `op` (or an op nested in it) may write `buffer` or a view of the
/// same buffer. Ops whose effects are unknown may write anything.
bool mayWrite(Operation *op, Value buffer) {
  Value root = rootBuffer(buffer);
  bool writes = false;
  op->walk([&](Operation *inner) {
    auto effects = dyn_cast<MemoryEffectOpInterface>(inner);
    if (!effects) {
      writes |= !inner->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
                !isMemoryEffectFree(inner);
      return;
    }
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    writes |= llvm::any_of(instances, [&](const auto &instance) {
      return isa<MemoryEffects::Write>(instance.getEffect()) &&
             (!instance.getValue() || rootBuffer(instance.getValue()) == root);
    });
  });
  return writes;
}

/// Runs `op` (a loop nest without parallel dimensions, a load or a store)
/// in a one-thread launch. A load's value goes with it: its users in the
/// same block (scalar arithmetic ending in stores, as a status flag read
/// and written to an output) move into the launch too.
LogicalResult runOnOneThread(Operation *op) {
  llvm::SetVector<Operation *> moved;
  moved.insert(op);
  for (size_t i = 0; i < moved.size(); ++i)
    for (Operation *user : moved[i]->getUsers()) {
      if (user->getBlock() != op->getBlock() ||
          !(isMemoryEffectFree(user) || isa<memref::StoreOp>(user)) ||
          llvm::any_of(user->getResultTypes(), llvm::IsaPred<MemRefType>))
        return op->emitError("kiln: this value is read from device memory "
                             "and used by host code; the GPU pipeline cannot "
                             "run it");
      moved.insert(user);
    }
  Operation *last = op;
  for (Operation *member : moved)
    if (last->isBeforeInBlock(member))
      last = member;
  // The members run together after `last`: what lies between them must not
  // write the buffers they read.
  for (Operation *between = op; between != last;
       between = between->getNextNode())
    if (!moved.contains(between))
      for (Operation *member : moved)
        if (auto load = dyn_cast<memref::LoadOp>(member))
          if (mayWrite(between, load.getMemRef()))
            return op->emitError("kiln: this read from device memory is "
                                 "used after its buffer is written again; "
                                 "the GPU pipeline cannot run it");
  OpBuilder builder(last->getBlock(), std::next(last->getIterator()));
  Value one = arith::ConstantIndexOp::create(builder, op->getLoc(), 1);
  gpu::LaunchOp launch = createLaunch(builder, op->getLoc(), one, one, one);
  SmallVector<Operation *> ordered(moved.begin(), moved.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *member : ordered)
    member->moveBefore(launch.getBody().front().getTerminator());
  return success();
}

/// Replaces `loop` by a launch with one thread per iteration.
LogicalResult mapParallelLoop(scf::ParallelOp loop, int64_t threadsPerBlock) {
  if (!loop.getInitVals().empty())
    return loop.emitError(
        "kiln: parallel reductions are not mapped to the GPU");
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto [counts, total] = iterationCounts(builder, loop, one);
  Value id = launchGroups(builder, loc, total, 1, threadsPerBlock, one).first;
  IRMapping mapping;
  mapInductionVars(builder, loop, counts, id, mapping);
  for (Operation &op : loop.getBody()->without_terminator())
    builder.clone(op, mapping);
  loop.erase();
  return success();
}

/// Whether moving `reads` (in program order) to the start of `nest`'s body
/// keeps the values they read: nothing from them up to and including the
/// nest may write their buffers.
bool readsUnchangedUntil(ArrayRef<Operation *> reads, Operation *nest) {
  for (Operation *read : reads) {
    auto load = dyn_cast<memref::LoadOp>(read);
    if (!load)
      continue;
    for (Operation *op = read->getNextNode(); op != nest->getNextNode();
         op = op->getNextNode())
      if (mayWrite(op, load.getMemRef()))
        return false;
  }
  return true;
}

/// Scalars read from buffers by the host code and used inside loop nests
/// (a run-time scalar argument filling a tensor, a random seed) are read
/// where they are used instead: each single-region nest that uses such a
/// load, and the side-effect-free arithmetic on it, gets its own copy at the
/// start of its body, so the read happens on the device, unless the buffer
/// may be written in between. Reads left with uses outside nests are
/// reported by runOnOneThread.
void sinkScalarReads(Block &block) {
  llvm::SetVector<Operation *> reads;
  for (Operation &op : block) {
    bool fromRead = llvm::any_of(op.getOperands(), [&](Value operand) {
      return reads.contains(operand.getDefiningOp());
    });
    if (isa<memref::LoadOp>(op) ||
        (fromRead && isMemoryEffectFree(&op) && op.getNumRegions() == 0))
      reads.insert(&op);
  }
  for (Operation &nest : block) {
    if (nest.getNumRegions() != 1 || reads.contains(&nest))
      continue;
    llvm::SetVector<Operation *> used;
    nest.walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (reads.contains(operand.getDefiningOp()))
          used.insert(operand.getDefiningOp());
    });
    if (used.empty())
      continue;
    // The reads `used` depends on, in program order.
    for (size_t i = 0; i < used.size(); ++i)
      for (Value operand : used[i]->getOperands())
        if (reads.contains(operand.getDefiningOp()))
          used.insert(operand.getDefiningOp());
    SmallVector<Operation *> ordered(used.begin(), used.end());
    llvm::sort(ordered, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    if (!readsUnchangedUntil(ordered, &nest))
      continue;
    OpBuilder builder = OpBuilder::atBlockBegin(&nest.getRegion(0).front());
    IRMapping mapping;
    for (Operation *read : ordered)
      builder.clone(*read, mapping);
    for (Operation *read : ordered)
      for (auto [original, copy] :
           llvm::zip(read->getResults(), mapping.lookup(read)->getResults()))
        original.replaceUsesWithIf(copy, [&](OpOperand &use) {
          return nest.isProperAncestor(use.getOwner());
        });
  }
  for (Operation *read : llvm::reverse(reads))
    if (read->use_empty())
      read->erase();
}

/// `scf.for { scf.parallel { body } }` becomes `scf.parallel { scf.for {
/// body } }` when the parallel loop is all the sequential loop holds: a
/// reduction over a leading dimension (a bias gradient's sum over the
/// batch) then runs one thread per output instead of one thread in all.
/// Linalg's parallel iterations write distinct elements, so each output's
/// reduction keeps its order. Returns whether it changed `loop`.
bool hoistParallelLoop(scf::ForOp loop) {
  Block *body = loop.getBody();
  if (!loop.getInitArgs().empty() ||
      !llvm::hasSingleElement(body->without_terminator()))
    return false;
  auto inner = dyn_cast<scf::ParallelOp>(body->front());
  if (!inner || !inner.getInitVals().empty())
    return false;
  // The parallel bounds must not depend on the sequential loop.
  for (Value bound : llvm::concat<Value>(
           inner.getLowerBound(), inner.getUpperBound(), inner.getStep()))
    if (!loop.isDefinedOutsideOfLoop(bound))
      return false;
  OpBuilder builder(loop);
  auto outer =
      scf::ParallelOp::create(builder, loop.getLoc(), inner.getLowerBound(),
                              inner.getUpperBound(), inner.getStep());
  builder.setInsertionPointToStart(outer.getBody());
  auto sequential =
      scf::ForOp::create(builder, loop.getLoc(), loop.getLowerBound(),
                         loop.getUpperBound(), loop.getStep());
  IRMapping mapping;
  mapping.map(loop.getInductionVar(), sequential.getInductionVar());
  for (auto [from, to] :
       llvm::zip(inner.getInductionVars(), outer.getInductionVars()))
    mapping.map(from, to);
  builder.setInsertionPoint(sequential.getBody()->getTerminator());
  for (Operation &op : inner.getBody()->without_terminator())
    builder.clone(op, mapping);
  loop.erase();
  return true;
}

struct GpuMapLoopsPass : kiln::impl::GpuMapLoopsBase<GpuMapLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (threadsPerBlock < 1 || threadsPerBlock > 1024) {
      getOperation().emitError(
          "kiln-gpu-map-loops: threads-per-block must be in [1, 1024]");
      return signalPassFailure();
    }
    // Innermost first, so a nest of several sequential loops around a
    // parallel one hoists it all the way out.
    bool changed = true;
    while (changed) {
      changed = false;
      SmallVector<scf::ForOp> loops;
      getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
      for (scf::ForOp loop : loops)
        if (hoistParallelLoop(loop)) {
          changed = true;
          break;
        }
    }
    for (Block &block : getOperation().getBody())
      sinkScalarReads(block);
    bool warps = threadsPerBlock % kWarpSize == 0;
    if (warps)
      for (Block &block : getOperation().getBody())
        mapRowGroups(block, threadsPerBlock);
    SmallVector<Operation *> work;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (!touchesBuffers(op))
        return WalkResult::advance();
      work.push_back(op);
      return WalkResult::skip();
    });
    for (Operation *op : work) {
      if (op->getParentOfType<gpu::LaunchOp>())
        continue;
      // A read whose value is used only in launches is copied into them
      // below.
      if (isa<memref::LoadOp>(op) && !op->use_empty() &&
          llvm::all_of(op->getUsers(), [](Operation *user) {
            return user->getParentOfType<gpu::LaunchOp>();
          }))
        continue;
      auto parallel = dyn_cast<scf::ParallelOp>(op);
      if (parallel && warps && mapWarpReduction(parallel, threadsPerBlock))
        continue;
      LogicalResult mapped = parallel
                                 ? mapParallelLoop(parallel, threadsPerBlock)
                                 : runOnOneThread(op);
      if (failed(mapped))
        return signalPassFailure();
    }
    for (Block &block : getOperation().getBody())
      sinkScalarReads(block);
  }
};

} // namespace
