//===- GpuDeviceMemory.cpp - the host code's buffers live on the device ---===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_GPUDEVICEMEMORY
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// A device copy of the constant `global` reads, freed when `fn` returns.
void copyGlobalToDevice(IRRewriter &rewriter, func::FuncOp fn,
                        memref::GetGlobalOp global) {
  rewriter.setInsertionPoint(global);
  Location loc = global.getLoc();
  auto type = cast<MemRefType>(global.getType());
  auto device = gpu::AllocOp::create(rewriter, loc, type, /*asyncToken=*/Type(),
                                     ValueRange(), ValueRange(), ValueRange());
  Value buffer = device.getMemref();
  rewriter.setInsertionPointAfter(device);
  auto hostCopy = cast<memref::GetGlobalOp>(rewriter.clone(*global));
  gpu::MemcpyOp::create(rewriter, loc, TypeRange(), ValueRange(), buffer,
                        hostCopy.getResult());
  rewriter.replaceAllUsesExcept(global.getResult(), buffer, hostCopy);
  rewriter.eraseOp(global);
  fn.walk([&](func::ReturnOp ret) {
    rewriter.setInsertionPoint(ret);
    gpu::DeallocOp::create(rewriter, loc, TypeRange(), ValueRange(), buffer);
  });
}

struct GpuDeviceMemoryPass
    : kiln::impl::GpuDeviceMemoryBase<GpuDeviceMemoryPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      SmallVector<memref::GetGlobalOp> globals;
      fn.walk([&](Operation *op) {
        rewriter.setInsertionPoint(op);
        if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
          rewriter.replaceOpWithNewOp<gpu::AllocOp>(
              alloc, alloc.getType(), /*asyncToken=*/Type(), ValueRange(),
              alloc.getDynamicSizes(), alloc.getSymbolOperands());
        } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
          rewriter.replaceOpWithNewOp<gpu::DeallocOp>(
              dealloc, TypeRange(), ValueRange(), dealloc.getMemref());
        } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
          globals.push_back(global);
        }
      });
      for (memref::GetGlobalOp global : globals)
        copyGlobalToDevice(rewriter, fn, global);
    }
  }
};

} // namespace
