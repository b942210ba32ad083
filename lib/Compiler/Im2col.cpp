//===- Im2col.cpp - convolutions as a windows copy and a contraction ------===//
//
// im2col with affine indexing. Upstream's rewriteInIm2Col indexes a
// flattened column (oh * OW + ow) by division and modulo, which LLVM
// vectorizes with gathers. Here the copy keeps the loops (n, c, kh, kw, oh,
// ow): its innermost loop reads along an input row and writes along an
// output row, and a reshape, free on contiguous data, gives the contraction
// its columns.
//
//===----------------------------------------------------------------------===//

#include "Im2col.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

FailureOr<linalg::GenericOp>
kiln::rewriteAsWindowsContraction(RewriterBase &rewriter,
                                  linalg::Conv2DNchwFchwOp op) {
  Value input = op.getInputs()[0], filter = op.getInputs()[1];
  Value init = op.getOutputs()[0];
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  auto resultType = cast<RankedTensorType>(init.getType());
  Type elementType = resultType.getElementType();
  if (!isa<FloatType>(elementType) ||
      inputType.getElementType() != elementType ||
      filterType.getElementType() != elementType)
    return failure();
  SmallVector<int64_t> strides(op.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(op.getDilations().getValues<int64_t>());
  ArrayRef<int64_t> out = resultType.getShape(), kernel = filterType.getShape();
  int64_t n = out[0], oh = out[2], ow = out[3];
  int64_t c = kernel[1], kh = kernel[2], kw = kernel[3];

  Location loc = op.getLoc();
  MLIRContext *context = rewriter.getContext();
  AffineExpr dn, dc, di, dj, dy, dx;
  bindDims(context, dn, dc, di, dj, dy, dx);
  auto windowsType = RankedTensorType::get({n, c, kh, kw, oh, ow}, elementType);
  SmallVector<AffineMap> copyMaps = {
      AffineMap::get(6, 0,
                     {dn, dc, dy * strides[0] + di * dilations[0],
                      dx * strides[1] + dj * dilations[1]},
                     context),
      rewriter.getMultiDimIdentityMap(6)};
  SmallVector<utils::IteratorType> copyIterators(6,
                                                 utils::IteratorType::parallel);
  Value windows = linalg::GenericOp::create(
                      rewriter, loc, windowsType, input,
                      tensor::EmptyOp::create(
                          rewriter, loc, windowsType.getShape(), elementType)
                          .getResult(),
                      copyMaps, copyIterators,
                      [](OpBuilder &b, Location nested, ValueRange args) {
                        linalg::YieldOp::create(b, nested, args[0]);
                      })
                      .getResult(0);
  Value columns = tensor::CollapseShapeOp::create(
      rewriter, loc, windows,
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
  Value filters = tensor::CollapseShapeOp::create(
      rewriter, loc, filter, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  Value acc = tensor::CollapseShapeOp::create(
      rewriter, loc, init, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});

  // Loops (n, f, p, k): batch, rows, columns, reduction, as in a batch
  // matmul of the filter with each image's columns.
  AffineExpr bn, bf, bp, bk;
  bindDims(context, bn, bf, bp, bk);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {bf, bk}, context),
                                 AffineMap::get(4, 0, {bn, bk, bp}, context),
                                 AffineMap::get(4, 0, {bn, bf, bp}, context)};
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto contraction = linalg::GenericOp::create(
      rewriter, loc, acc.getType(), ValueRange{filters, columns}, acc, maps,
      iterators, [](OpBuilder &b, Location nested, ValueRange args) {
        Value product = arith::MulFOp::create(b, nested, args[0], args[1]);
        linalg::YieldOp::create(
            b, nested,
            arith::AddFOp::create(b, nested, args[2], product).getResult());
      });
  Value result = tensor::ExpandShapeOp::create(
      rewriter, loc, resultType, contraction.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  rewriter.replaceOp(op, result);
  return contraction;
}
