//===- BlockTemporaries.cpp - free what each parallel iteration allocates -===//

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

struct FreeBlockTemporariesPass
    : kiln::impl::FreeBlockTemporariesBase<FreeBlockTemporariesPass> {
  void runOnOperation() override {
    getOperation().walk([](scf::ForallOp forall) {
      Block *body = forall.getBody();
      OpBuilder builder(body->getTerminator());
      for (auto alloc : body->getOps<memref::AllocOp>())
        if (isBodyTemporary(alloc))
          memref::DeallocOp::create(builder, alloc.getLoc(), alloc);
    });
  }
};

} // namespace
