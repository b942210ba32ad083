//===- Indexing.cpp - gather and scatter_add with run-time index checks ---===//
//
// Generated code never reads or writes out of bounds: every index read from
// an index tensor is clamped into range before use, and the program reports
// whether any index was out of range through a status result.
//
// Fault-status ABI
// ----------------
// A func.func that contains at least one gather or scatter_add (a "checked
// op") gets:
//   - one extra trailing result of type tensor<i32>, the status, appended to
//     its `func.return`;
//   - the attribute `kiln.fault_sites`, an ArrayAttr of StringAttr with one
//     entry per checked op in program order, each "<op name> at
//     <file>:<line>:<column>", e.g. "kiln.gather at model.mlir:12:8".
// The status is 0 when every index was in range (0 <= index < size of the
// indexed dimension), else the 1-based position in `kiln.fault_sites` of the
// first checked op that saw an index out of range. The results are still
// computed, with clamped indices, when the status is not 0. Functions without
// checked ops are unchanged. Checked ops must sit in the function's body (not
// in a nested region), and a function that gains the status must not be
// called from elsewhere in the module, since its callers would not expect it.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// "file:line:column" of the first file location within `loc`.
std::string describeLocation(Location loc) {
  std::string text = "an unknown location";
  loc->walk([&](Location inner) {
    auto file = dyn_cast<FileLineColRange>(inner);
    if (!file)
      return WalkResult::advance();
    text = llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                         file.getStartLine(), file.getStartColumn());
    return WalkResult::interrupt();
  });
  return text;
}

/// A 0-d i1 tensor, true when some element of `indices` is negative or at
/// least `size`: a `linalg.generic` that reduces over every dimension.
Value buildOutOfRange(OpBuilder &b, Location loc, Value indices, int64_t size) {
  auto type = cast<RankedTensorType>(indices.getType());
  unsigned rank = type.getRank();
  Type indexType = type.getElementType();
  Value init = createFilled(b, loc, RankedTensorType::get({}, b.getI1Type()),
                            createConstant(b, loc, b.getI1Type(), 0));
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, init.getType(), indices, init, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value index = args[0];
               Value negative = arith::CmpIOp::create(
                   nb, nloc, arith::CmpIPredicate::slt, index,
                   createConstant(nb, nloc, indexType, 0));
               Value tooLarge = arith::CmpIOp::create(
                   nb, nloc, arith::CmpIPredicate::sge, index,
                   createConstant(nb, nloc, indexType, size));
               Value bad = arith::OrIOp::create(nb, nloc, negative, tooLarge);
               linalg::YieldOp::create(
                   nb, nloc,
                   arith::OrIOp::create(nb, nloc, args[1], bad).getResult());
             })
      .getResult(0);
}

/// Index element `element` as an `index` clamped into [0, size - 1].
Value clampedIndex(OpBuilder &b, Location loc, Value element, int64_t size) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), element);
  return clampIndex(b, loc, index, size);
}

/// torch.gather: result[p] = source[p with p[dim] = indices[p]], as a
/// `linalg.generic` over the indices that reads the source with
/// `tensor.extract`.
Value lowerGather(OpBuilder &b, GatherOp op) {
  Location loc = op.getLoc();
  RankedTensorType resultType = op.getType();
  auto sourceType = cast<RankedTensorType>(op.getSource().getType());
  int64_t dim = op.getDim();
  int64_t size = sourceType.getDimSize(dim);
  // An empty dimension has nothing to read: every index is out of range.
  if (size == 0)
    return createFilled(b, loc, resultType,
                        createConstant(b, loc, resultType.getElementType(), 0));
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank));
  return linalg::GenericOp::create(
             b, loc, resultType, op.getIndices(),
             createEmpty(b, loc, resultType), maps, parallelIterators(rank),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> coords;
               for (unsigned i = 0; i < rank; ++i)
                 coords.push_back(
                     i == dim
                         ? clampedIndex(nb, nloc, args[0], size)
                         : linalg::IndexOp::create(nb, nloc, i).getResult());
               Value element =
                   tensor::ExtractOp::create(nb, nloc, op.getSource(), coords);
               linalg::YieldOp::create(nb, nloc, element);
             })
      .getResult(0);
}

/// torch.scatter_add: dest[p with p[dim] = indices[p]] += updates[p], as an
/// `scf.for` nest over the updates, in order, on the destination tensor.
Value lowerScatterAdd(OpBuilder &b, ScatterAddOp op) {
  Location loc = op.getLoc();
  auto destType = cast<RankedTensorType>(op.getDest().getType());
  auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
  int64_t dim = op.getDim();
  int64_t size = destType.getDimSize(dim);
  if (size == 0)
    return op.getDest();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t extent : indicesType.getShape()) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(b, loc, extent));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  bool isFloat = isa<FloatType>(destType.getElementType());
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, op.getDest(),
      [&](OpBuilder &nb, Location nloc, ValueRange ivs,
          ValueRange iterArgs) -> scf::ValueVector {
        Value index = tensor::ExtractOp::create(nb, nloc, op.getIndices(), ivs);
        Value update =
            tensor::ExtractOp::create(nb, nloc, op.getUpdates(), ivs);
        SmallVector<Value> coords(ivs);
        coords[dim] = clampedIndex(nb, nloc, index, size);
        Value old = tensor::ExtractOp::create(nb, nloc, iterArgs[0], coords);
        Value sum =
            isFloat ? arith::AddFOp::create(nb, nloc, old, update).getResult()
                    : arith::AddIOp::create(nb, nloc, old, update).getResult();
        return {tensor::InsertOp::create(nb, nloc, sum, iterArgs[0], coords)
                    .getResult()};
      });
  return nest.results.front();
}

/// Lowers the checked ops of `fn` and gives it the status result.
LogicalResult lowerFunction(func::FuncOp fn, ArrayRef<Operation *> checked,
                            ModuleOp module) {
  MLIRContext *context = fn.getContext();
  for (Operation *op : checked)
    if (op->getParentOp() != fn.getOperation() || !fn.getBody().hasOneBlock())
      return op->emitOpError()
             << "must be in the single block of its function to report "
                "index faults";
  if (!SymbolTable::symbolKnownUseEmpty(fn, module))
    return fn.emitOpError()
           << "is called in the module but needs a fault status result for "
              "its index-checking ops";

  IRRewriter rewriter(context);
  SmallVector<Value> faults;
  SmallVector<Attribute> sites;
  for (Operation *op : checked) {
    rewriter.setInsertionPoint(op);
    Value result;
    if (auto gather = dyn_cast<GatherOp>(op)) {
      auto sourceType = cast<RankedTensorType>(gather.getSource().getType());
      faults.push_back(buildOutOfRange(rewriter, op->getLoc(),
                                       gather.getIndices(),
                                       sourceType.getDimSize(gather.getDim())));
      result = lowerGather(rewriter, gather);
    } else {
      auto scatter = cast<ScatterAddOp>(op);
      auto destType = cast<RankedTensorType>(scatter.getDest().getType());
      faults.push_back(buildOutOfRange(rewriter, op->getLoc(),
                                       scatter.getIndices(),
                                       destType.getDimSize(scatter.getDim())));
      result = lowerScatterAdd(rewriter, scatter);
    }
    sites.push_back(
        StringAttr::get(context, op->getName().getStringRef() + " at " +
                                     describeLocation(op->getLoc())));
    rewriter.replaceOp(op, result);
  }

  // status = fault1 ? 1 : (fault2 ? 2 : ... 0), so the first fault wins.
  auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  Location loc = ret.getLoc();
  rewriter.setInsertionPoint(ret);
  Type i32 = rewriter.getI32Type();
  Value status = createConstant(rewriter, loc, i32, 0);
  for (int64_t site = faults.size(); site >= 1; --site) {
    Value fault = tensor::ExtractOp::create(rewriter, loc, faults[site - 1],
                                            ValueRange{});
    status = arith::SelectOp::create(
        rewriter, loc, fault, createConstant(rewriter, loc, i32, site), status);
  }
  Value statusTensor = tensor::FromElementsOp::create(
      rewriter, loc, RankedTensorType::get({}, i32), status);
  ret.getOperandsMutable().append(statusTensor);

  SmallVector<Type> results(fn.getResultTypes());
  results.push_back(statusTensor.getType());
  fn.setType(FunctionType::get(context, fn.getArgumentTypes(), results));
  fn->setAttr("kiln.fault_sites", ArrayAttr::get(context, sites));
  return success();
}

} // namespace

LogicalResult lowerCheckedOps(ModuleOp module) {
  SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
  for (func::FuncOp fn : functions) {
    SmallVector<Operation *> checked;
    fn.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<GatherOp, ScatterAddOp>(op))
        checked.push_back(op);
    });
    if (!checked.empty() && failed(lowerFunction(fn, checked, module)))
      return failure();
  }
  return success();
}

} // namespace kiln::lowering
