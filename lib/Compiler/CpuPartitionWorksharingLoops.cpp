//===- CpuPartitionWorksharingLoops.cpp - static schedules without libomp -===//
//
// A static `omp.wsloop` lowers to `__kmpc_for_static_init` on every thread,
// which in Debian's libomp (built with KMP_DEBUG) formats two debug strings
// per call whether or not tracing is on: a parallel loop cost 1.5-2.5 us
// against 0.5 us for the same region split by thread number (a training
// step of the MLP runs 15 such loops). When the loop is all its parallel
// region does, each thread can compute its own share instead.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"

namespace kiln {
#define GEN_PASS_DEF_CPUPARTITIONWORKSHARINGLOOPS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// The loop nest of `loop` when `loop` is a plain static worksharing loop
/// (no clause at all) over index bounds, and the only work of the parallel
/// region around it, whose closing barrier then stands for the loop's own.
omp::LoopNestOp partitionableNest(omp::WsloopOp loop) {
  auto parallel = dyn_cast<omp::ParallelOp>(loop->getParentOp());
  if (!parallel || !parallel.getRegion().hasOneBlock() ||
      &parallel.getRegion().front().front() != loop.getOperation() ||
      !isa<omp::TerminatorOp>(loop->getNextNode()))
    return nullptr;
  if (loop->getNumOperands() != 0 || loop.getScheduleKind() ||
      loop.getOrdered() || loop.getOrder() || loop.getNowait())
    return nullptr;
  auto nest = dyn_cast<omp::LoopNestOp>(loop.getWrappedLoop());
  if (!nest || nest.getLoopInclusive() || !nest.getRegion().hasOneBlock() ||
      !llvm::all_of(nest->getOperandTypes(),
                    [](Type t) { return t.isIndex(); }))
    return nullptr;
  return nest;
}

/// `symbol`, an `() -> i32` function of the OpenMP runtime, declared in
/// `module` if it is not yet; null, with an error, when `module` already
/// uses the name for something else.
func::FuncOp runtimeFunction(ModuleOp module, StringRef symbol) {
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  FunctionType type = builder.getFunctionType({}, {builder.getI32Type()});
  if (Operation *existing = module.lookupSymbol(symbol)) {
    auto function = dyn_cast<func::FuncOp>(existing);
    if (!function || function.getFunctionType() != type) {
      existing->emitError()
          << "'" << symbol << "' is not OpenMP's () -> i32 function";
      return nullptr;
    }
    return function;
  }
  auto function = func::FuncOp::create(builder, module.getLoc(), symbol, type);
  function.setPrivate();
  return function;
}

/// Replaces `loop` by a loop over this thread's share of the iterations of
/// `nest`: contiguous, the first `count % threads` threads taking one more,
/// as libomp's balanced static schedule does. The loop is built from
/// blocks, as `omp.loop_nest`'s body may become once `memref.alloca_scope`
/// is lowered (an `scf.for` must keep one block).
void partition(omp::WsloopOp loop, omp::LoopNestOp nest,
               func::FuncOp threadNumber, func::FuncOp threadCount) {
  ImplicitLocOpBuilder b(loop.getLoc(), loop);
  auto index = [&](func::FuncOp function) -> Value {
    Value id = func::CallOp::create(b, function).getResult(0);
    return arith::IndexCastOp::create(b, b.getIndexType(), id);
  };
  Value thread = index(threadNumber), threads = index(threadCount);
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value one = arith::ConstantIndexOp::create(b, 1);
  // The trip count of each dimension and of the whole nest.
  SmallVector<Value> counts;
  Value total = one;
  for (auto [lower, upper, step] :
       llvm::zip(nest.getLoopLowerBounds(), nest.getLoopUpperBounds(),
                 nest.getLoopSteps())) {
    Value span =
        arith::MaxSIOp::create(b, arith::SubIOp::create(b, upper, lower), zero);
    counts.push_back(arith::CeilDivSIOp::create(b, span, step));
    total = arith::MulIOp::create(b, total, counts.back());
  }
  Value share = arith::DivUIOp::create(b, total, threads);
  Value extra = arith::RemUIOp::create(b, total, threads);
  Value begin =
      arith::AddIOp::create(b, arith::MulIOp::create(b, thread, share),
                            arith::MinUIOp::create(b, thread, extra));
  Value takesExtra =
      arith::CmpIOp::create(b, arith::CmpIPredicate::ult, thread, extra);
  Value end =
      arith::AddIOp::create(b, arith::AddIOp::create(b, begin, share),
                            arith::SelectOp::create(b, takesExtra, one, zero));

  // entry -> header(i) -> body -> header(i + 1); header -> exit.
  Block *entry = loop->getBlock();
  Block *exit = entry->splitBlock(loop->getNextNode());
  Region *region = entry->getParent();
  Block *header = b.createBlock(region, Region::iterator(exit),
                                {b.getIndexType()}, {loop.getLoc()});
  Block *body = b.createBlock(region, Region::iterator(exit));
  b.setInsertionPointToEnd(entry);
  cf::BranchOp::create(b, header, ValueRange{begin});
  b.setInsertionPointToEnd(header);
  Value linear = header->getArgument(0);
  cf::CondBranchOp::create(
      b, arith::CmpIOp::create(b, arith::CmpIPredicate::ult, linear, end), body,
      exit);

  // Each dimension's index from the linear one, the last dimension fastest.
  b.setInsertionPointToEnd(body);
  Block &nestBody = nest.getRegion().front();
  Value rest = linear;
  for (int i = counts.size() - 1; i >= 0; --i) {
    Value position = i == 0 ? rest : arith::RemUIOp::create(b, rest, counts[i]);
    if (i != 0)
      rest = arith::DivUIOp::create(b, rest, counts[i]);
    nestBody.getArgument(i).replaceAllUsesWith(arith::AddIOp::create(
        b, nest.getLoopLowerBounds()[i],
        arith::MulIOp::create(b, position, nest.getLoopSteps()[i])));
  }
  body->getOperations().splice(body->end(), nestBody.getOperations(),
                               nestBody.begin(),
                               nestBody.without_terminator().end());
  cf::BranchOp::create(b, header,
                       ValueRange{arith::AddIOp::create(b, linear, one)});
  loop.erase();
}

struct CpuPartitionWorksharingLoopsPass
    : kiln::impl::CpuPartitionWorksharingLoopsBase<
          CpuPartitionWorksharingLoopsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<omp::WsloopOp, omp::LoopNestOp>> loops;
    getOperation().walk([&](omp::WsloopOp loop) {
      if (omp::LoopNestOp nest = partitionableNest(loop))
        loops.emplace_back(loop, nest);
    });
    if (loops.empty())
      return;
    func::FuncOp threadNumber =
        runtimeFunction(getOperation(), "omp_get_thread_num");
    func::FuncOp threadCount =
        runtimeFunction(getOperation(), "omp_get_num_threads");
    if (!threadNumber || !threadCount)
      return signalPassFailure();
    for (auto [loop, nest] : loops)
      partition(loop, nest, threadNumber, threadCount);
  }
};

} // namespace
