//===- EmptyArguments.cpp - empty buffers as 1-D entry arguments ----------===//
//
// The bare-pointer calling convention takes a buffer only when its layout
// has static strides, and MLIR gives none to an identity-layout memref whose
// shape has a zero after its first dimension ([2, 0]): such a function
// could not be an entry point at all. Holding no elements, it reads and
// writes nothing, so it can travel as a rank-1 memref of size 0 and be
// expanded back at the function's start; the pointer the caller passes is
// the same.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace kiln {
#define GEN_PASS_DEF_FLATTENEMPTYARGUMENTS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Whether `type` is an identity-layout memref of rank 2 or more holding no
/// elements.
bool isEmptyMatrixOrMore(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.getRank() >= 2 && memref.hasStaticShape() &&
         memref.getNumElements() == 0 && memref.getLayout().isIdentity();
}

struct FlattenEmptyArgumentsPass
    : kiln::impl::FlattenEmptyArgumentsBase<FlattenEmptyArgumentsPass> {
  void runOnOperation() override {
    // Entry points only: a private function's callers would keep the old
    // signature.
    func::FuncOp function = getOperation();
    if (function.isExternal() || !function.isPublic())
      return;
    Block &entry = function.getBody().front();
    OpBuilder builder = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument argument : entry.getArguments()) {
      auto type = dyn_cast<MemRefType>(argument.getType());
      if (!isEmptyMatrixOrMore(type))
        continue;
      auto flat = MemRefType::get({0}, type.getElementType(), nullptr,
                                  type.getMemorySpace());
      argument.setType(flat);
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
      auto expanded = memref::ExpandShapeOp::create(builder, argument.getLoc(),
                                                    type, argument, {all});
      argument.replaceAllUsesExcept(expanded, expanded);
    }
    function.setType(FunctionType::get(&getContext(), entry.getArgumentTypes(),
                                       function.getResultTypes()));
  }
};

} // namespace
