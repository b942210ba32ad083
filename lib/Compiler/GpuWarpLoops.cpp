//===- GpuWarpLoops.cpp - reductions and row groups on warps and blocks ---===//
//
// kiln-gpu-map-loops' mappings that give a warp of 32 threads, or a block
// of them, what one thread would otherwise loop over alone: a reduction
// over a contiguous run (a row's sum or maximum) gets a warp, and a row
// group, the consecutive loops that initialize, reduce and normalize the
// same rows, a block per row.
//
//===----------------------------------------------------------------------===//

#include "GpuLaunches.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace kiln::detail;

namespace {

/// Iterations a thread runs at once (emitStridedIterations).
constexpr int64_t kUnroll = 4;

/// A parallel loop whose iterations each reduce a contiguous run of memory
/// into one element of a buffer (a reduction over the innermost dimension,
/// as a row's sum or maximum): `scf.for %k { ...; %a = memref.load
/// %acc[i]; %c = combine(%x, %a); memref.store %c, %acc[i] }`, with `i`
/// invariant in the loop.
struct RowReduction {
  scf::ForOp loop;
  memref::LoadOp accumulator;
  memref::StoreOp update;
  Operation *combine;
  TypedAttr neutral;
};

/// Whether `combine` may combine its operands in any order and grouping:
/// float sums and products only where reassociation is allowed.
bool isReorderable(Operation *combine) {
  if (isa<arith::AddFOp, arith::MulFOp>(combine))
    return bitEnumContainsAll(cast<arith::ArithFastMathInterface>(combine)
                                  .getFastMathFlagsAttr()
                                  .getValue(),
                              arith::FastMathFlags::reassoc);
  return isa<arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
             arith::MinNumFOp, arith::AddIOp, arith::MulIOp, arith::MaxSIOp,
             arith::MinSIOp, arith::MaxUIOp, arith::MinUIOp, arith::AndIOp,
             arith::OrIOp, arith::XOrIOp>(combine);
}

/// Matches `parallel` as a RowReduction of a 32-bit value, which warp
/// shuffles exchange.
std::optional<RowReduction> matchRowReduction(scf::ParallelOp parallel) {
  if (!parallel.getInitVals().empty())
    return std::nullopt;
  Block *body = parallel.getBody();
  auto loop = dyn_cast<scf::ForOp>(body->getTerminator()->getPrevNode());
  if (!loop || !loop.getInitArgs().empty() ||
      llvm::any_of(body->without_terminator(), [&](Operation &op) {
        return &op != loop && !isMemoryEffectFree(&op);
      }))
    return std::nullopt;
  Block *loopBody = loop.getBody();
  auto update = dyn_cast_or_null<memref::StoreOp>(
      loopBody->getTerminator()->getPrevNode());
  if (!update)
    return std::nullopt;
  Operation *combine = update.getValue().getDefiningOp();
  Type type = update.getValue().getType();
  if (!combine || combine->getBlock() != loopBody ||
      combine->getNumOperands() != 2 || !isReorderable(combine) ||
      !type.isIntOrFloat() || type.getIntOrFloatBitWidth() != 32)
    return std::nullopt;
  memref::LoadOp accumulator;
  for (Value operand : combine->getOperands())
    if (auto load = operand.getDefiningOp<memref::LoadOp>())
      if (load.getMemRef() == update.getMemRef() &&
          load.getIndices() == update.getIndices() && load->hasOneUse())
        accumulator = load;
  std::optional<TypedAttr> neutral = arith::getNeutralElement(combine);
  if (!accumulator || !neutral ||
      llvm::any_of(update.getIndices(), [&](Value index) {
        return !loop.isDefinedOutsideOfLoop(index);
      }))
    return std::nullopt;
  // The accumulator is touched only by its load and store; every other read
  // is contiguous in the loop's induction variable (its last index) or
  // invariant in the loop, so that a warp's loads coalesce.
  Value root = rootBuffer(update.getMemRef());
  Value k = loop.getInductionVar();
  for (Operation &op : loopBody->without_terminator()) {
    if (&op == accumulator || &op == update.getOperation())
      continue;
    if (op.getNumRegions() != 0 || isa<memref::StoreOp>(op) ||
        llvm::any_of(op.getOperands(), [&](Value operand) {
          return isa<MemRefType>(operand.getType()) &&
                 rootBuffer(operand) == root;
        }))
      return std::nullopt;
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      ValueRange indices = load.getIndices();
      bool contiguous = !indices.empty() && indices.back() == k;
      bool invariant = llvm::all_of(indices, [&](Value index) {
        return loop.isDefinedOutsideOfLoop(index);
      });
      if (!contiguous && !invariant)
        return std::nullopt;
    } else if (!isMemoryEffectFree(&op)) {
      return std::nullopt;
    }
  }
  return RowReduction{loop, accumulator, update, combine, *neutral};
}

/// Clones, at the builder's position, the ops of `body` that depend on none
/// of `varying` (its induction variables other than the row) and read no
/// buffer `body` writes, and returns them: a row's statistic and the
/// arithmetic on it (softmax's 1 / sum) are then computed once by each thread
/// rather than for every element. LLVM cannot hoist them itself, not
/// knowing that the buffers the loop writes are not the ones it reads.
llvm::SmallPtrSet<Operation *, 8> hoistInvariants(OpBuilder &builder,
                                                  Block *body,
                                                  ValueRange varying,
                                                  IRMapping &mapping) {
  llvm::SmallDenseSet<Value> written;
  for (auto store : body->getOps<memref::StoreOp>())
    written.insert(rootBuffer(store.getMemRef()));
  llvm::SmallPtrSet<Operation *, 8> hoisted;
  auto invariant = [&](Value value) {
    if (llvm::is_contained(varying, value))
      return false;
    Operation *producer = value.getDefiningOp();
    return !producer || producer->getBlock() != body ||
           hoisted.contains(producer);
  };
  for (Operation &op : body->without_terminator()) {
    auto load = dyn_cast<memref::LoadOp>(op);
    bool readsUnwritten =
        load ? !written.contains(rootBuffer(load.getMemRef()))
             : isMemoryEffectFree(&op) && op.getNumRegions() == 0;
    if (readsUnwritten && llvm::all_of(op.getOperands(), invariant)) {
      builder.clone(op, mapping);
      hoisted.insert(&op);
    }
  }
  return hoisted;
}

/// Emits what `body` emits inside an `scf.if` taken only where `which` is
/// 0 (the first thread of a warp or block).
void emitWhereZero(OpBuilder &builder, Location loc, Value which,
                   function_ref<void()> body) {
  OpBuilder::InsertionGuard guard(builder);
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value first = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                                      which, zero);
  auto branch = scf::IfOp::create(builder, loc, first);
  builder.setInsertionPointToStart(&branch.getThenRegion().front());
  body();
}

/// Emits thread `thread`'s share of a loop from `lower` to `upper` by `step`
/// that `width` threads (a warp, or a block) run together, each taking
/// every `width`-th iteration: kUnroll iterations at a time while whole
/// groups remain, then one at a time. `iteration(k)` emits iteration `k`
/// and returns its values; `accumulate` folds them into the values carried
/// from `init`. A group's iterations are all emitted before they are
/// accumulated, so each thread has several reads in flight: one read at a
/// time leaves a warp waiting on memory latency, far from the bandwidth.
SmallVector<Value> emitStridedIterations(
    OpBuilder &builder, Location loc, Value thread, int64_t width, Value lower,
    Value upper, Value step, ValueRange init,
    function_ref<SmallVector<Value>(Value k)> iteration,
    function_ref<SmallVector<Value>(ValueRange carried, ValueRange values)>
        accumulate) {
  auto index = [&](int64_t value) {
    return arith::ConstantIndexOp::create(builder, loc, value);
  };
  auto times = [&](Value a, Value b) {
    return arith::MulIOp::create(builder, loc, a, b).getResult();
  };
  auto plus = [&](Value a, Value b) {
    return arith::AddIOp::create(builder, loc, a, b).getResult();
  };
  Value sharedStep = times(step, index(width));
  auto threadLoop = [&](Value from, Value to, Value stride, int64_t unroll,
                        ValueRange carriedIn) {
    auto strided = scf::ForOp::create(
        builder, loc, from, to, stride, carriedIn,
        [&](OpBuilder &nested, Location, Value k, ValueRange carried) {
          OpBuilder::InsertionGuard guard(builder);
          builder.setInsertionPoint(nested.getInsertionBlock(),
                                    nested.getInsertionPoint());
          SmallVector<SmallVector<Value>> values;
          for (int64_t copy = 0; copy < unroll; ++copy)
            values.push_back(iteration(
                copy == 0 ? k : plus(k, times(sharedStep, index(copy)))));
          SmallVector<Value> next(carried);
          for (ValueRange copyValues : values)
            next = accumulate(next, copyValues);
          scf::YieldOp::create(builder, loc, next);
        });
    return SmallVector<Value>(strided.getResults());
  };
  Value threadStart = plus(lower, times(thread, step));
  Value groupStep = times(sharedStep, index(kUnroll));
  Value groupsEnd = arith::SubIOp::create(
      builder, loc, upper, times(sharedStep, index(kUnroll - 1)));
  Value groups = arith::MaxSIOp::create(
      builder, loc, index(0),
      arith::CeilDivSIOp::create(
          builder, loc,
          arith::SubIOp::create(builder, loc, groupsEnd, threadStart),
          groupStep));
  SmallVector<Value> grouped =
      threadLoop(threadStart, groupsEnd, groupStep, kUnroll, init);
  return threadLoop(plus(threadStart, times(groups, groupStep)), upper,
                    sharedStep, 1, grouped);
}

/// Emits the reduction of `reduction` by `width` threads (a warp, or a
/// block of whole warps), `thread` being this thread's number among them,
/// the enclosing loop's induction variables mapped by `mapping`: thread `t`
/// reduces elements `t`, `t + width`, ... of the run (emitStridedIterations),
/// each warp's partial results meet by xor shuffles, a block's warps
/// through `shared` (workgroup memory, a slot per warp) past a barrier, and
/// thread 0 combines the total into the buffer. Each of the loop's loads
/// then reads adjacent elements across the threads rather than one thread
/// striding through a whole row.
void emitGroupReduction(OpBuilder &builder, Location loc,
                        RowReduction reduction, Value thread, int64_t width,
                        Value shared, IRMapping &mapping) {
  // Combines `x` with the running value `acc` as the loop did.
  auto combine = [&](Value x, Value acc) {
    IRMapping operands;
    for (Value operand : reduction.combine->getOperands())
      operands.map(operand,
                   operand == reduction.accumulator.getResult() ? acc : x);
    return builder.clone(*reduction.combine, operands)->getResult(0);
  };
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, value);
  };
  scf::ForOp loop = reduction.loop;
  Value neutral = arith::ConstantOp::create(builder, loc, reduction.neutral);
  llvm::SmallPtrSet<Operation *, 8> hoisted =
      hoistInvariants(builder, loop.getBody(), loop.getInductionVar(), mapping);
  Value partial =
      emitStridedIterations(
          builder, loc, thread, width,
          mapping.lookupOrDefault(loop.getLowerBound()),
          mapping.lookupOrDefault(loop.getUpperBound()),
          mapping.lookupOrDefault(loop.getStep()), neutral,
          [&](Value k) -> SmallVector<Value> {
            mapping.map(loop.getInductionVar(), k);
            for (Operation &op : loop.getBody()->without_terminator())
              if (&op != reduction.accumulator && &op != reduction.update &&
                  &op != reduction.combine && !hoisted.contains(&op))
                builder.clone(op, mapping);
            for (Value operand : reduction.combine->getOperands())
              if (operand != reduction.accumulator.getResult())
                return {mapping.lookupOrDefault(operand)};
            llvm_unreachable("a RowReduction combines a contribution");
          },
          [&](ValueRange carried, ValueRange values) -> SmallVector<Value> {
            return {combine(values.front(), carried.front())};
          })
          .front();
  for (int32_t offset = kWarpSize / 2; offset > 0; offset /= 2) {
    auto shuffle = gpu::ShuffleOp::create(builder, loc, partial, offset,
                                          kWarpSize, gpu::ShuffleMode::XOR);
    partial = combine(shuffle.getShuffleResult(), partial);
  }
  if (width > kWarpSize) {
    Value warp = arith::DivUIOp::create(builder, loc, thread, index(kWarpSize));
    Value lane = arith::RemUIOp::create(builder, loc, thread, index(kWarpSize));
    emitWhereZero(builder, loc, lane, [&] {
      memref::StoreOp::create(builder, loc, partial, shared, warp);
    });
    gpu::BarrierOp::create(builder, loc);
    partial =
        memref::LoadOp::create(builder, loc, shared, index(0)).getResult();
    for (int64_t other = 1; other < width / kWarpSize; ++other)
      partial = combine(
          memref::LoadOp::create(builder, loc, shared, index(other)), partial);
  }
  emitWhereZero(builder, loc, thread, [&] {
    SmallVector<Value> indices;
    for (Value index : reduction.update.getIndices())
      indices.push_back(mapping.lookupOrDefault(index));
    Value buffer = mapping.lookupOrDefault(reduction.update.getMemRef());
    Value before = memref::LoadOp::create(builder, loc, buffer, indices);
    memref::StoreOp::create(builder, loc, combine(partial, before), buffer,
                            indices);
  });
}

/// Replaces `parallel`, a RowReduction, by a launch with a warp per
/// iteration that runs emitGroupReduction.
void mapRowReduction(scf::ParallelOp parallel, const RowReduction &reduction,
                     int64_t threadsPerBlock) {
  OpBuilder builder(parallel);
  Location loc = parallel.getLoc();
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto [counts, total] = iterationCounts(builder, parallel, one);
  auto [warp, lane] =
      launchGroups(builder, loc, total, kWarpSize, threadsPerBlock, one);
  IRMapping mapping;
  mapInductionVars(builder, parallel, counts, warp, mapping);
  for (Operation &op : parallel.getBody()->without_terminator())
    if (&op != reduction.loop)
      builder.clone(op, mapping);
  emitGroupReduction(builder, loc, reduction, lane, kWarpSize, Value(),
                     mapping);
  parallel.erase();
}

/// How a loop over the rows of a row group runs in the row's block.
enum class RowPhaseKind {
  /// One element per row (a reduction's initial value): thread 0.
  Scalar,
  /// A RowReduction: emitGroupReduction.
  Reduction,
  /// Every element of the row (a normalization): the threads in turn.
  Elementwise,
};

/// One loop of a row group, and how its block runs it.
struct RowPhase {
  scf::ParallelOp loop;
  RowPhaseKind kind;
  std::optional<RowReduction> reduction;
};

/// The fewest rows a row group runs over: with fewer, a block per row
/// leaves much of the GPU idle where launches of their own would give the
/// group's elementwise phases a thread per element.
constexpr int64_t kMinGroupRows = 1024;

/// The number of rows `loop` runs over (its first dimension, from 0 by 1),
/// when that is a constant of at least kMinGroupRows.
std::optional<int64_t> rowCount(scf::ParallelOp loop) {
  std::optional<int64_t> rows = getConstantIntValue(loop.getUpperBound()[0]);
  if (!isConstantIntValue(loop.getLowerBound()[0], 0) ||
      !isConstantIntValue(loop.getStep()[0], 1) || !rows ||
      *rows < kMinGroupRows)
    return std::nullopt;
  return rows;
}

/// Matches `loop` as a phase of a row group: a RowReduction over the rows
/// alone (one reduction per row), or a loop whose body is loads, arithmetic
/// and then stores (which a thread may then issue after the loads of its
/// next iterations).
std::optional<RowPhase> matchRowPhase(scf::ParallelOp loop) {
  if (!loop.getInitVals().empty() || !rowCount(loop))
    return std::nullopt;
  if (std::optional<RowReduction> reduction = matchRowReduction(loop)) {
    if (loop.getNumLoops() != 1)
      return std::nullopt;
    return RowPhase{loop, RowPhaseKind::Reduction, reduction};
  }
  bool stored = false;
  for (Operation &op : loop.getBody()->without_terminator()) {
    stored |= isa<memref::StoreOp>(op);
    bool allowed =
        stored ? isa<memref::StoreOp>(op)
               : isa<memref::LoadOp>(op) ||
                     (isMemoryEffectFree(&op) && op.getNumRegions() == 0);
    if (!allowed)
      return std::nullopt;
  }
  return RowPhase{loop,
                  loop.getNumLoops() == 1 ? RowPhaseKind::Scalar
                                          : RowPhaseKind::Elementwise,
                  std::nullopt};
}

/// Whether index 0 of `memref` is index 0 of the buffer it views: it is the
/// buffer, or expands it keeping the size of its first dimension.
bool keepsRows(Value memref) {
  while (auto expand = memref.getDefiningOp<memref::ExpandShapeOp>()) {
    if (expand.getResultType().getDimSize(0) !=
        expand.getSrcType().getDimSize(0))
      return false;
    memref = expand.getSrc();
  }
  return !memref.getDefiningOp<ViewLikeOpInterface>();
}

/// Whether a block per row may run `phases` one after the other: every
/// buffer one of them writes has `rows` rows and is read and written only
/// in the row the phase is at (index 0 is the row), so rows never meet.
bool isRowLocal(MutableArrayRef<RowPhase> phases, int64_t rows) {
  llvm::SmallDenseSet<Value> written;
  for (RowPhase &phase : phases)
    phase.loop.walk([&](memref::StoreOp store) {
      written.insert(rootBuffer(store.getMemRef()));
    });
  for (RowPhase &phase : phases) {
    Value row = phase.loop.getInductionVars()[0];
    WalkResult result = phase.loop.walk([&](Operation *op) {
      Value memref;
      ValueRange indices;
      if (auto load = dyn_cast<memref::LoadOp>(op)) {
        memref = load.getMemRef();
        indices = load.getIndices();
      } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
        memref = store.getMemRef();
        indices = store.getIndices();
      } else {
        return WalkResult::advance();
      }
      Value root = rootBuffer(memref);
      if (!written.contains(root))
        return WalkResult::advance();
      auto rootType = dyn_cast<MemRefType>(root.getType());
      bool local = rootType && rootType.getRank() > 0 &&
                   rootType.getDimSize(0) == rows && keepsRows(memref) &&
                   !indices.empty() && indices.front() == row;
      return local ? WalkResult::advance() : WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      return false;
  }
  return true;
}

/// Runs `phases` (a row group) in one launch with a block of
/// `threadsPerBlock` threads per row, the phases in order with a barrier
/// between them, so that what one phase reads of a row the next reads from
/// the SM's L1 cache (a few blocks' rows fit) rather than from device
/// memory in a later launch. Each reduction has a slot per warp in
/// workgroup memory for its warps' partial results.
void mapRowGroup(MutableArrayRef<RowPhase> phases, int64_t rows,
                 int64_t threadsPerBlock) {
  scf::ParallelOp first = phases.front().loop;
  // What lies between the phases (views, allocations) comes first.
  for (RowPhase &phase : phases.drop_front())
    for (Operation *op = first->getNextNode(); op != phase.loop;) {
      Operation *next = op->getNextNode();
      if (!isa<scf::ParallelOp>(op))
        op->moveBefore(first);
      op = next;
    }
  OpBuilder builder(first);
  Location loc = first.getLoc();
  SmallVector<Type> slots;
  auto workgroup = gpu::AddressSpaceAttr::get(builder.getContext(),
                                              gpu::AddressSpace::Workgroup);
  for (RowPhase &phase : phases)
    if (phase.kind == RowPhaseKind::Reduction)
      slots.push_back(
          MemRefType::get({threadsPerBlock / kWarpSize},
                          phase.reduction->update.getValue().getType(),
                          MemRefLayoutAttrInterface(), workgroup));
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  gpu::LaunchOp launch = createLaunch(
      builder, loc, arith::ConstantIndexOp::create(builder, loc, rows),
      arith::ConstantIndexOp::create(builder, loc, threadsPerBlock), one,
      slots);
  Value row = launch.getBlockIds().x;
  Value thread = launch.getThreadIds().x;
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  unsigned reductions = 0;
  for (auto [i, phase] : llvm::enumerate(phases)) {
    if (i > 0)
      gpu::BarrierOp::create(builder, loc);
    IRMapping mapping;
    mapping.map(phase.loop.getInductionVars()[0], row);
    OpBuilder::InsertionGuard guard(builder);
    switch (phase.kind) {
    case RowPhaseKind::Scalar:
      emitWhereZero(builder, loc, thread, [&] {
        for (Operation &op : phase.loop.getBody()->without_terminator())
          builder.clone(op, mapping);
      });
      break;
    case RowPhaseKind::Reduction:
      for (Operation &op : phase.loop.getBody()->without_terminator())
        if (&op != phase.reduction->loop)
          builder.clone(op, mapping);
      emitGroupReduction(
          builder, loc, *phase.reduction, thread, threadsPerBlock,
          launch.getWorkgroupAttributions()[reductions++], mapping);
      break;
    case RowPhaseKind::Elementwise: {
      // The row's other dimensions, linearized, thread by thread.
      scf::ParallelOp loop = phase.loop;
      auto [counts, count] = iterationCounts(builder, loop, one, 1);
      llvm::SmallPtrSet<Operation *, 8> hoisted =
          hoistInvariants(builder, loop.getBody(),
                          loop.getBody()->getArguments().drop_front(), mapping);
      emitStridedIterations(
          builder, loc, thread, threadsPerBlock, zero, count, one, {},
          [&](Value k) -> SmallVector<Value> {
            mapInductionVars(builder, loop, counts, k, mapping, 1);
            // The stores wait for the group's loads (accumulate below):
            // a load after a store that may alias it cannot be issued
            // early.
            SmallVector<Value> stored;
            for (Operation &op : loop.getBody()->without_terminator()) {
              if (auto store = dyn_cast<memref::StoreOp>(op))
                for (Value operand : store->getOperands())
                  stored.push_back(mapping.lookupOrDefault(operand));
              else if (!hoisted.contains(&op))
                builder.clone(op, mapping);
            }
            return stored;
          },
          [&](ValueRange carried, ValueRange stored) {
            for (auto store : loop.getBody()->getOps<memref::StoreOp>()) {
              unsigned count = store->getNumOperands();
              memref::StoreOp::create(builder, loc, stored[0], stored[1],
                                      stored.slice(2, count - 2));
              stored = stored.drop_front(count);
            }
            return SmallVector<Value>(carried);
          });
      break;
    }
    }
  }
  for (RowPhase &phase : phases)
    phase.loop.erase();
}

/// Row groups of `block`: runs of two or more consecutive parallel loops
/// over the same rows, at least one a RowReduction, separated only by
/// side-effect-free ops (views, allocations), which a block per row may run
/// in turn (isRowLocal). Each run is the longest that qualifies.
SmallVector<SmallVector<RowPhase>> findRowGroups(Block &block) {
  SmallVector<SmallVector<RowPhase>> groups;
  SmallVector<RowPhase> run;
  int64_t rows = 0;
  auto close = [&] {
    bool reduces = llvm::any_of(run, [](const RowPhase &phase) {
      return phase.kind == RowPhaseKind::Reduction;
    });
    if (run.size() > 1 && reduces)
      groups.push_back(run);
    run.clear();
  };
  for (Operation &op : block) {
    auto loop = dyn_cast<scf::ParallelOp>(op);
    std::optional<RowPhase> phase;
    if (loop)
      phase = matchRowPhase(loop);
    if (!phase) {
      bool between = !loop && !run.empty() && op.getNumRegions() == 0 &&
                     (isMemoryEffectFree(&op) || isa<memref::AllocOp>(op));
      if (!between)
        close();
      continue;
    }
    if (!run.empty()) {
      SmallVector<RowPhase> extended = run;
      extended.push_back(*phase);
      if (*rowCount(loop) == rows && isRowLocal(extended, rows)) {
        run = std::move(extended);
        continue;
      }
      close();
    }
    rows = *rowCount(loop);
    run.push_back(*phase);
  }
  close();
  return groups;
}

} // namespace

bool kiln::detail::mapWarpReduction(scf::ParallelOp parallel,
                                    int64_t threadsPerBlock) {
  std::optional<RowReduction> reduction = matchRowReduction(parallel);
  if (reduction)
    mapRowReduction(parallel, *reduction, threadsPerBlock);
  return reduction.has_value();
}

void kiln::detail::mapRowGroups(Block &block, int64_t threadsPerBlock) {
  for (SmallVector<RowPhase> &group : findRowGroups(block))
    mapRowGroup(group, *rowCount(group.front().loop), threadsPerBlock);
}
