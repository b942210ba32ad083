//===- GpuLaunches.cpp - loops as GPU launches, shared parts --------------===//

#include "GpuLaunches.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace kiln::detail {

gpu::LaunchOp createLaunch(OpBuilder &builder, Location loc, Value blocks,
                           Value threadsPerBlock, Value one,
                           TypeRange workgroup) {
  auto launch = gpu::LaunchOp::create(
      builder, loc, blocks, one, one, threadsPerBlock, one, one,
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, workgroup);
  builder.setInsertionPointToStart(&launch.getBody().front());
  gpu::TerminatorOp::create(builder, loc);
  builder.setInsertionPointToStart(&launch.getBody().front());
  return launch;
}

Value rootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

std::pair<SmallVector<Value>, Value> iterationCounts(OpBuilder &builder,
                                                     scf::ParallelOp loop,
                                                     Value one,
                                                     unsigned firstDim) {
  Location loc = loop.getLoc();
  SmallVector<Value> counts;
  Value total = one;
  for (auto [lower, upper, step] :
       llvm::drop_begin(llvm::zip(loop.getLowerBound(), loop.getUpperBound(),
                                  loop.getStep()),
                        firstDim)) {
    Value extent = arith::SubIOp::create(builder, loc, upper, lower);
    Value count = arith::CeilDivUIOp::create(builder, loc, extent, step);
    counts.push_back(count);
    total = arith::MulIOp::create(builder, loc, total, count);
  }
  return {counts, total};
}

void mapInductionVars(OpBuilder &builder, scf::ParallelOp loop,
                      ArrayRef<Value> counts, Value id, IRMapping &mapping,
                      unsigned firstDim) {
  Location loc = loop.getLoc();
  Value rest = id;
  for (int64_t d = loop.getNumLoops() - 1; d >= firstDim; --d) {
    Value position = rest;
    if (d > firstDim) {
      Value count = counts[d - firstDim];
      position = arith::RemUIOp::create(builder, loc, rest, count);
      rest = arith::DivUIOp::create(builder, loc, rest, count);
    }
    Value offset =
        arith::MulIOp::create(builder, loc, position, loop.getStep()[d]);
    mapping.map(
        loop.getInductionVars()[d],
        arith::AddIOp::create(builder, loc, loop.getLowerBound()[d], offset));
  }
}

std::pair<Value, Value> launchGroups(OpBuilder &builder, Location loc,
                                     Value total, int64_t groupSize,
                                     int64_t threadsPerBlock, Value one) {
  Value threads = arith::ConstantIndexOp::create(builder, loc, threadsPerBlock);
  Value size = arith::ConstantIndexOp::create(builder, loc, groupSize);
  Value allThreads =
      groupSize > 1 ? arith::MulIOp::create(builder, loc, total, size) : total;
  Value blocks = arith::CeilDivUIOp::create(builder, loc, allThreads, threads);
  gpu::LaunchOp launch = createLaunch(builder, loc, blocks, threads, one);
  Value first =
      arith::MulIOp::create(builder, loc, launch.getBlockIds().x, threads);
  Value id =
      arith::AddIOp::create(builder, loc, first, launch.getThreadIds().x);
  Value group = id, rank = id;
  if (groupSize > 1) {
    group = arith::DivUIOp::create(builder, loc, id, size);
    rank = arith::RemUIOp::create(builder, loc, id, size);
  }
  Value inRange = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ult,
                                        group, total);
  auto guard = scf::IfOp::create(builder, loc, inRange);
  builder.setInsertionPointToStart(&guard.getThenRegion().front());
  return {group, rank};
}

} // namespace kiln::detail
