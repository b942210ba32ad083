//===- EntryWrappers.cpp - uniform void(void **) entry points -------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {
#define GEN_PASS_DEF_EMITENTRYWRAPPERS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

std::string kiln::entryWrapperName(llvm::StringRef name) {
  return ("_kiln_entry_" + name).str();
}

namespace {

struct EmitEntryWrappersPass
    : kiln::impl::EmitEntryWrappersBase<EmitEntryWrappersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<LLVM::LLVMFuncOp> entries;
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
      if (!fn.isExternal() && fn.getLinkage() == LLVM::Linkage::External &&
          !fn.getName().starts_with("_kiln_entry_"))
        entries.push_back(fn);
    for (LLVM::LLVMFuncOp fn : entries)
      if (failed(wrap(module, fn)))
        return signalPassFailure();
  }

  LogicalResult wrap(ModuleOp module, LLVM::LLVMFuncOp fn) {
    std::string name = kiln::entryWrapperName(fn.getName());
    if (module.lookupSymbol(name))
      return success();
    auto ptrType = LLVM::LLVMPointerType::get(&getContext());
    auto fnType = fn.getFunctionType();
    if (!llvm::all_of(fnType.getParams(),
                      [&](Type t) { return t == ptrType; }) ||
        !isa<LLVM::LLVMVoidType>(fnType.getReturnType()))
      return fn.emitError("kiln entry points take only buffers (pointers) and "
                          "return nothing; got ")
             << fnType;

    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    Location loc = fn.getLoc();
    auto wrapper = LLVM::LLVMFuncOp::create(
        builder, loc, name,
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(&getContext()),
                                    {ptrType}));
    Block *body = wrapper.addEntryBlock(builder);
    builder.setInsertionPointToStart(body);
    SmallVector<Value> buffers;
    for (int32_t i = 0, e = fnType.getNumParams(); i < e; ++i) {
      Value slot = LLVM::GEPOp::create(builder, loc, ptrType, ptrType,
                                       body->getArgument(0),
                                       ArrayRef<LLVM::GEPArg>{i});
      buffers.push_back(LLVM::LoadOp::create(builder, loc, ptrType, slot));
    }
    LLVM::CallOp::create(builder, loc, fn, buffers);
    LLVM::ReturnOp::create(builder, loc, ValueRange());
    return success();
  }
};

} // namespace
