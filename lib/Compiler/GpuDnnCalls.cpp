//===- GpuDnnCalls.cpp - convolutions and pooling go to cuDNN -------------===//
//
// On kiln IR, before it is lowered to linalg: each f32 or f64 convolution
// (forward or either gradient) and each max or average pooling becomes a
// call to the runtime, which runs it with cuDNN. The call reads and writes
// buffers, so the op's tensor operands are handed over as read-only buffers
// (`bufferization.to_buffer`) and its result is a fresh buffer the call
// writes, read back as a tensor (`bufferization.to_tensor`); one-shot
// bufferization then joins these to the rest of the program. The call takes
// the buffers' addresses as `index` values: it stays ahead of their
// deallocation because ownership-based deallocation frees buffers at the
// end of their block.
//
//===----------------------------------------------------------------------===//

#include "GpuLibraryTypes.h"
#include "kiln/Compiler/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/runtime/GpuLibraryCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_GPUDNNCALLS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::ir;
using kiln::runtime::ConvolutionKind;
using kiln::runtime::PoolingKind;

namespace {

/// One runtime call: its buffers in the callee's order, as tensors, with the
/// one the call writes left null; `written` says which that is.
struct DnnCall {
  llvm::StringRef callee;
  int argumentCount;
  int64_t kind;
  SmallVector<Value, 3> operands;
  unsigned written;
  /// The buffers' types, in the same order.
  SmallVector<RankedTensorType, 3> types;
  /// The arguments after the buffers, all known when compiling.
  SmallVector<int64_t> geometry;
};

/// The call for a convolution whose input, weight and output have types `x`,
/// `w` and `y`.
DnnCall convolutionCall(ConvolutionKind kind, SmallVector<Value, 3> operands,
                        unsigned written, RankedTensorType x,
                        RankedTensorType w, RankedTensorType y,
                        ArrayRef<int64_t> padding, ArrayRef<int64_t> stride,
                        ArrayRef<int64_t> dilation, int64_t groups) {
  DnnCall call{kiln::runtime::kGpuConvolutionFunction,
               kiln::runtime::kGpuConvolutionArguments,
               static_cast<int64_t>(kind),
               std::move(operands),
               written,
               {x, w, y},
               {}};
  llvm::append_range(call.geometry, x.getShape());
  call.geometry.append({w.getDimSize(0), w.getDimSize(2), w.getDimSize(3),
                        y.getDimSize(2), y.getDimSize(3)});
  for (ArrayRef<int64_t> pair : {padding, stride, dilation})
    llvm::append_range(call.geometry, pair);
  call.geometry.push_back(groups);
  return call;
}

/// The call for a pooling of `input` into `result`.
template <typename OpTy> DnnCall poolingCall(OpTy op, PoolingKind kind) {
  auto x = cast<RankedTensorType>(op.getInput().getType());
  RankedTensorType y = op.getType();
  DnnCall call{kiln::runtime::kGpuPoolingFunction,
               kiln::runtime::kGpuPoolingArguments,
               static_cast<int64_t>(kind),
               {op.getInput(), Value()},
               1,
               {x, y},
               {}};
  llvm::append_range(call.geometry, x.getShape());
  call.geometry.append({y.getDimSize(2), y.getDimSize(3)});
  for (ArrayRef<int64_t> pair :
       {op.getKernel(), op.getPadding(), op.getStride()})
    llvm::append_range(call.geometry, pair);
  return call;
}

/// The runtime call that computes `op`, if it is one cuDNN runs.
std::optional<DnnCall> dnnCallFor(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return convolutionCall(ConvolutionKind::Forward,
                           {conv.getInput(), conv.getWeight(), Value()}, 2,
                           cast<RankedTensorType>(conv.getInput().getType()),
                           cast<RankedTensorType>(conv.getWeight().getType()),
                           conv.getType(), conv.getPadding(), conv.getStride(),
                           conv.getDilation(), conv.getGroups());
  if (auto conv = dyn_cast<Conv2dBackwardInputOp>(op))
    return convolutionCall(
        ConvolutionKind::BackwardData,
        {Value(), conv.getWeight(), conv.getGradOutput()}, 0, conv.getType(),
        cast<RankedTensorType>(conv.getWeight().getType()),
        cast<RankedTensorType>(conv.getGradOutput().getType()),
        conv.getPadding(), conv.getStride(), conv.getDilation(),
        conv.getGroups());
  if (auto conv = dyn_cast<Conv2dBackwardWeightOp>(op))
    return convolutionCall(
        ConvolutionKind::BackwardFilter,
        {conv.getInput(), Value(), conv.getGradOutput()}, 1,
        cast<RankedTensorType>(conv.getInput().getType()), conv.getType(),
        cast<RankedTensorType>(conv.getGradOutput().getType()),
        conv.getPadding(), conv.getStride(), conv.getDilation(),
        conv.getGroups());
  if (auto pool = dyn_cast<MaxPool2dOp>(op))
    return poolingCall(pool, PoolingKind::Max);
  if (auto pool = dyn_cast<AvgPool2dOp>(op))
    return poolingCall(pool, PoolingKind::Average);
  return std::nullopt;
}

func::FuncOp declareCallee(ModuleOp module, const DnnCall &call) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(call.callee))
    return existing;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  SmallVector<Type> arguments(call.argumentCount, builder.getIndexType());
  auto fn = func::FuncOp::create(builder, module.getLoc(), call.callee,
                                 builder.getFunctionType(arguments, {}));
  fn.setPrivate();
  return fn;
}

/// Replaces `op`'s result by the buffer `call` writes.
void replaceByCall(IRRewriter &rewriter, ModuleOp module, Operation *op,
                   const DnnCall &call, kiln::runtime::DType dtype) {
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  SmallVector<Value> arguments{index(call.kind),
                               index(static_cast<int64_t>(dtype))};
  Value output;
  for (auto [tensor, type] : llvm::zip(call.operands, call.types)) {
    auto bufferType = MemRefType::get(type.getShape(), type.getElementType());
    Value buffer;
    if (tensor)
      buffer = bufferization::ToBufferOp::create(rewriter, loc, bufferType,
                                                 tensor, /*read_only=*/true);
    else
      buffer = output = memref::AllocOp::create(rewriter, loc, bufferType);
    arguments.push_back(
        memref::ExtractAlignedPointerAsIndexOp::create(rewriter, loc, buffer));
  }
  for (int64_t value : call.geometry)
    arguments.push_back(index(value));
  func::CallOp::create(rewriter, loc, declareCallee(module, call), arguments);
  rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(
      op, call.types[call.written], output, /*restrict=*/true,
      /*writable=*/true);
}

struct GpuDnnCallsPass : kiln::impl::GpuDnnCallsBase<GpuDnnCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Calls are described when their op is rewritten: an earlier rewrite
    // may have replaced its operands.
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->getNumResults() == 1 && dnnCallFor(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      std::optional<kiln::runtime::DType> dtype =
          kiln::detail::gpuLibraryDType(type.getElementType());
      DnnCall call = *dnnCallFor(op);
      // cuDNN takes no empty tensors; the loops compute those (zeros for a
      // gradient over an empty batch).
      bool empty = llvm::any_of(call.types, [](RankedTensorType operand) {
        return operand.getNumElements() == 0;
      });
      if (dtype && !empty)
        replaceByCall(rewriter, module, op, call, *dtype);
    }
  }
};

} // namespace
