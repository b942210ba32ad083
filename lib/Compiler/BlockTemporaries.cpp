//===- BlockTemporaries.cpp - free what each parallel iteration allocates -===//
//
// Bufferization leaves the buffers an `scf.forall` body allocates for itself
// (a block's rows of a softmax, an im2col copy) without a deallocation. Small
// ones move to the thread's stack: a malloc and free per row of a softmax
// cost more than the row's work. The OpenMP loop the forall becomes gives
// an iteration's stack back when it ends (and kiln-cpu-split-parallel-loops
// hoists allocas out of the sequential loops it adds). Larger ones are freed
// at the end of the body.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace kiln {
#define GEN_PASS_DEF_FREEBLOCKTEMPORARIES
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Whether `alloc`'s buffer stays inside the body it is allocated in and is
/// not freed already: no view of it (subviews, casts, the base buffer of its
/// strided metadata) is deallocated, yielded or stored as a value.
bool isBodyTemporary(memref::AllocOp alloc) {
  SmallVector<Value> aliases = {alloc.getResult()};
  for (size_t i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].getUsers()) {
      if (isa<memref::DeallocOp>(user) ||
          user->hasTrait<OpTrait::IsTerminator>())
        return false;
      if (auto store = dyn_cast<memref::StoreOp>(user))
        if (store.getValueToStore() == aliases[i])
          return false;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == aliases[i])
          llvm::append_range(aliases, user->getResults());
      if (auto metadata = dyn_cast<memref::ExtractStridedMetadataOp>(user))
        aliases.push_back(metadata.getBaseBuffer());
    }
  return true;
}

/// Temporaries up to this size live on the stack: two rows of 4 KiB, a
/// 64x64 f32 tile.
constexpr int64_t kStackBytes = 32 * 1024;
/// The most stack one iteration takes (libomp gave its workers 8 MiB here);
/// temporaries beyond it go to the heap.
constexpr int64_t kBodyStackBytes = 256 * 1024;
/// Stack temporaries start on a cache line, as heap ones do.
constexpr int64_t kStackAlignment = 64;

/// The bytes `alloc` would take on the stack; none when it cannot go there.
std::optional<int64_t> stackBytes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !type.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t bytes = type.getNumElements() *
                  llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  if (bytes > kStackBytes)
    return std::nullopt;
  return bytes;
}

struct FreeBlockTemporariesPass
    : kiln::impl::FreeBlockTemporariesBase<FreeBlockTemporariesPass> {
  void runOnOperation() override {
    getOperation().walk([](scf::ForallOp forall) {
      Block *body = forall.getBody();
      OpBuilder builder(body->getTerminator());
      int64_t stackUsed = 0;
      for (auto alloc :
           llvm::make_early_inc_range(body->getOps<memref::AllocOp>())) {
        if (!isBodyTemporary(alloc))
          continue;
        std::optional<int64_t> bytes = stackBytes(alloc);
        if (!bytes || stackUsed + *bytes > kBodyStackBytes) {
          memref::DeallocOp::create(builder, alloc.getLoc(), alloc);
          continue;
        }
        stackUsed += *bytes;
        OpBuilder at(alloc);
        auto stack = memref::AllocaOp::create(
            at, alloc.getLoc(), alloc.getType(),
            at.getI64IntegerAttr(std::max<int64_t>(
                alloc.getAlignment().value_or(0), kStackAlignment)));
        alloc.replaceAllUsesWith(stack.getResult());
        alloc.erase();
      }
    });
  }
};

} // namespace
