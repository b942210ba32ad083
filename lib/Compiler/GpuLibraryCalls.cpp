//===- GpuLibraryCalls.cpp - matmuls on device buffers go to cuBLAS -------===//

#include "GpuLibraryTypes.h"
#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_GPULIBRARYCALLS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kMatmulFunction("kiln_gpu_matmul");
// dtype, batch, m, n, k, then five values for each of A, B and C.
constexpr int kMatmulArguments = 5 + 3 * 5;

/// cuBLAS reads a matrix (the last two dimensions of `type`) whose rows or
/// columns are contiguous, and writes one whose rows are.
bool cublasCanAccess(MemRefType type, bool written) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  int64_t rows = strides[strides.size() - 2], columns = strides.back();
  if (ShapedType::isDynamic(rows) || ShapedType::isDynamic(columns))
    return false;
  return written ? columns == 1 : (columns == 1 || rows == 1);
}

func::FuncOp declareMatmul(ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(kMatmulFunction))
    return existing;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  SmallVector<Type> arguments(kMatmulArguments, builder.getIndexType());
  auto fn = func::FuncOp::create(builder, module.getLoc(), kMatmulFunction,
                                 builder.getFunctionType(arguments, {}));
  fn.setPrivate();
  return fn;
}

/// Appends the address, offset and (batch, row, column) strides of `buffer`,
/// a rank-2 or rank-3 memref; a rank-2 one has batch stride 0.
void appendOperand(OpBuilder &builder, Location loc, Value buffer,
                   SmallVectorImpl<Value> &arguments) {
  auto metadata = memref::ExtractStridedMetadataOp::create(builder, loc, buffer);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(
      builder, loc, metadata.getBaseBuffer());
  arguments.push_back(base);
  arguments.push_back(metadata.getOffset());
  ValueRange strides = metadata.getStrides();
  if (strides.size() == 2)
    arguments.push_back(arith::ConstantIndexOp::create(builder, loc, 0));
  arguments.append(strides.begin(), strides.end());
}

/// Whether the runtime's cuBLAS call can compute `op`, a (batch) matmul.
bool isCublasMatmul(linalg::LinalgOp op) {
  auto lhsType = dyn_cast<MemRefType>(op.getDpsInputs()[0].getType());
  auto rhsType = dyn_cast<MemRefType>(op.getDpsInputs()[1].getType());
  auto resultType = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  if (!lhsType || !rhsType || !resultType ||
      !kiln::detail::gpuLibraryDType(resultType.getElementType()))
    return false;
  Type element = resultType.getElementType();
  return lhsType.getElementType() == element &&
         rhsType.getElementType() == element &&
         cublasCanAccess(lhsType, false) && cublasCanAccess(rhsType, false) &&
         cublasCanAccess(resultType, true);
}

/// Replaces `op` (C += A * B, possibly batched) by a call to the runtime.
void callCublas(IRRewriter &rewriter, func::FuncOp callee,
                linalg::LinalgOp op) {
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value result = op.getDpsInits()[0];
  auto resultType = cast<MemRefType>(result.getType());
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  int64_t rank = resultType.getRank();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  auto dim = [&](Value buffer, int64_t position) -> Value {
    return memref::DimOp::create(rewriter, loc, buffer, position);
  };
  auto dtype = static_cast<int64_t>(
      *kiln::detail::gpuLibraryDType(resultType.getElementType()));
  SmallVector<Value> arguments{index(dtype),
                               rank == 3 ? dim(result, 0) : index(1),
                               dim(result, rank - 2), dim(result, rank - 1),
                               dim(lhs, rank - 1)};
  for (Value buffer : {lhs, rhs, result})
    appendOperand(rewriter, loc, buffer, arguments);
  func::CallOp::create(rewriter, loc, callee, arguments);
  rewriter.eraseOp(op);
}

struct GpuLibraryCallsPass
    : kiln::impl::GpuLibraryCallsBase<GpuLibraryCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> matmuls;
    module.walk([&](linalg::LinalgOp op) {
      auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
      auto batched = dyn_cast<linalg::BatchMatmulOp>(op.getOperation());
      if (((matmul && !matmul.hasUserDefinedMaps()) ||
           (batched && !batched.hasUserDefinedMaps())) &&
          isCublasMatmul(op))
        matmuls.push_back(op);
    });
    if (matmuls.empty())
      return;
    func::FuncOp callee = declareMatmul(module);
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : matmuls)
      callCublas(rewriter, callee, op);
  }
};

} // namespace
