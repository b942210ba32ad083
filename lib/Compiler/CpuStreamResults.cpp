//===- CpuStreamResults.cpp - nontemporal stores of large results ---------===//
//
// A store to a line that is not in cache reads the line first, so a large
// result costs its bytes twice in memory traffic. Results that are only
// written, and too large to be in cache when they are read, are stored
// nontemporally instead: once. LLVM widens such stores to aligned vector
// stores only where it can prove the alignment, so each loop is versioned on
// its result's address and the aligned copy states it.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace kiln {
#define GEN_PASS_DEF_CPUSTREAMRESULTS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Nontemporal vector stores need their full width of alignment; a cache
/// line covers the widest (AVX-512).
constexpr int64_t kLineBytes = 64;

/// Whether `type` is a contiguous buffer of at least `minBytes` whose rows
/// start on cache lines.
bool isStreamableType(Type type, uint64_t minBytes) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape() || !memref.getLayout().isIdentity() ||
      memref.getRank() == 0 || !memref.getElementType().isIntOrFloat())
    return false;
  int64_t elementBytes = llvm::divideCeil(memref.getElementTypeBitWidth(), 8);
  int64_t rowBytes = memref.getShape().back() * elementBytes;
  return rowBytes % kLineBytes == 0 &&
         static_cast<uint64_t>(memref.getNumElements() * elementBytes) >=
             minBytes;
}

/// Appends to `stores` every store into `buffer` through views; false when
/// anything else uses it (a read, or an op that is neither store nor view).
bool collectOnlyStores(Value buffer, SmallVectorImpl<memref::StoreOp> &stores) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (auto store = dyn_cast<memref::StoreOp>(user)) {
      if (store.getMemRef() != buffer)
        return false;
      stores.push_back(store);
      continue;
    }
    auto view = dyn_cast<ViewLikeOpInterface>(user);
    if (!view || view.getViewSource() != buffer || user->getNumResults() != 1 ||
        !collectOnlyStores(user->getResult(0), stores))
      return false;
  }
  return true;
}

/// The streaming stores of one loop, and the arguments they write.
struct StreamingLoop {
  SmallVector<memref::StoreOp> stores;
  llvm::SetVector<Value> buffers;
};

/// Replaces `loop` by `scf.if` on every buffer it streams into starting on
/// a cache line: the then branch runs a copy of the loop whose streaming
/// stores are nontemporal, the else branch the loop as it was. The test is
/// `(address & 63) == 0` on the buffer's own pointer, the form kiln's LLVM
/// flow turns into an alignment assumption for the then branch.
void versionOnAlignment(scf::ForOp loop, const StreamingLoop &streaming) {
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  Value lowBits = arith::ConstantIndexOp::create(builder, loc, kLineBytes - 1);
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value aligned;
  for (Value buffer : streaming.buffers) {
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(builder, loc, buffer);
    Value onLine = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq,
        arith::AndIOp::create(builder, loc, address, lowBits), zero);
    aligned =
        aligned
            ? arith::AndIOp::create(builder, loc, aligned, onLine).getResult()
            : onLine;
  }
  auto branch = scf::IfOp::create(builder, loc, aligned, /*withElse=*/true);

  builder.setInsertionPointToStart(branch.thenBlock());
  IRMapping mapping;
  builder.clone(*loop, mapping);
  for (memref::StoreOp store : streaming.stores)
    cast<memref::StoreOp>(mapping.lookup(store.getOperation()))
        .setNontemporal(true);

  loop->moveBefore(branch.elseBlock()->getTerminator());
}

/// Orders the nontemporal stores before whatever follows `loop`'s region: an
/// `sfence` before every exit of the `omp.parallel` around it, or after the
/// function-level op that holds it. Each place gets one.
void fenceAfter(Operation *loop, llvm::SmallPtrSetImpl<Operation *> &fenced) {
  auto emitFence = [](OpBuilder &builder, Location loc) {
    LLVM::CallIntrinsicOp::create(builder, loc,
                                  builder.getStringAttr("llvm.x86.sse.sfence"),
                                  ValueRange());
  };
  if (auto parallel = loop->getParentOfType<omp::ParallelOp>()) {
    if (!fenced.insert(parallel).second)
      return;
    parallel.getRegion().walk([&](omp::TerminatorOp exit) {
      if (exit->getParentOp() != parallel)
        return;
      OpBuilder builder(exit);
      emitFence(builder, exit.getLoc());
    });
    return;
  }
  auto function = loop->getParentOfType<func::FuncOp>();
  Operation *top = function.getBody().findAncestorOpInRegion(*loop);
  if (!fenced.insert(top).second)
    return;
  OpBuilder builder(top->getContext());
  builder.setInsertionPointAfter(top);
  emitFence(builder, top->getLoc());
}

struct CpuStreamResultsPass
    : kiln::impl::CpuStreamResultsBase<CpuStreamResultsPass> {
  using CpuStreamResultsBase::CpuStreamResultsBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    llvm::MapVector<scf::ForOp, StreamingLoop> loops;
    for (BlockArgument argument : function.getArguments()) {
      SmallVector<memref::StoreOp> stores;
      if (!isStreamableType(argument.getType(), minBytes) ||
          !collectOnlyStores(argument, stores))
        continue;
      for (memref::StoreOp store : stores) {
        auto loop = dyn_cast<scf::ForOp>(store->getParentOp());
        if (!loop || loop.getNumResults() != 0)
          continue;
        StreamingLoop &streaming = loops[loop];
        streaming.stores.push_back(store);
        streaming.buffers.insert(argument);
      }
    }
    llvm::SmallPtrSet<Operation *, 4> fenced;
    for (auto &[loop, streaming] : loops) {
      versionOnAlignment(loop, streaming);
      fenceAfter(loop, fenced);
    }
  }
};

} // namespace
