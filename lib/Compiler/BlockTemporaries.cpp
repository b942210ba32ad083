//===- BlockTemporaries.cpp - free what each parallel iteration allocates -===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace kiln {
#define GEN_PASS_DEF_FREEBLOCKTEMPORARIES
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Whether `alloc`'s buffer stays inside the body it is allocated in: it is
/// used only there, never deallocated already, and never yielded or stored
/// as a value.
bool isBodyTemporary(memref::AllocOp alloc) {
  for (Operation *user : alloc->getUsers()) {
    if (isa<memref::DeallocOp>(user) ||
        user->hasTrait<OpTrait::IsTerminator>())
      return false;
    if (auto store = dyn_cast<memref::StoreOp>(user))
      if (store.getValueToStore() == alloc.getResult())
        return false;
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
