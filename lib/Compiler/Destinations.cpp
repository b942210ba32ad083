//===- Destinations.cpp - compute results into caller-owned buffers ------===//
//
// The runtime owns every buffer a program reads or writes. Results become
// destination arguments on tensors (so empty-tensor elimination can compute
// them in place) and, once bufferized, the returned aliases of those
// arguments are dropped.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {
#define GEN_PASS_DEF_RESULTSTODESTINATIONS
#define GEN_PASS_DEF_DROPDESTINATIONRESULTS
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Marks a destination argument with the index of the result it receives.
constexpr llvm::StringLiteral kDestinationAttr = "kiln.destination";

bool isEntryPoint(func::FuncOp fn) {
  return !fn.isExternal() && fn.isPublic();
}

struct ResultsToDestinationsPass
    : kiln::impl::ResultsToDestinationsBase<ResultsToDestinationsPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (!isEntryPoint(fn))
        continue;
      if (!llvm::all_of(fn.getResultTypes(), llvm::IsaPred<RankedTensorType>)) {
        fn.emitError("kiln entry points return only ranked tensors");
        return signalPassFailure();
      }
      unsigned firstDestination = fn.getNumArguments();
      // Inputs are the caller's values, which other tensors may share: the
      // program must never write them in place (a scatter_add's dest).
      for (unsigned i = 0; i < firstDestination; ++i)
        if (isa<TensorType>(fn.getArgument(i).getType()))
          fn.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                        BoolAttr::get(&getContext(), false));
      for (auto [i, type] : llvm::enumerate(fn.getResultTypes())) {
        if (failed(fn.insertArgument(
                fn.getNumArguments(), type,
                DictionaryAttr::get(
                    &getContext(),
                    {NamedAttribute(kDestinationAttr,
                                    IntegerAttr::get(IntegerType::get(&getContext(), 64), i))}),
                fn.getLoc())))
          return signalPassFailure();
      }
      fn.walk([&](func::ReturnOp ret) {
        OpBuilder builder(ret);
        // A value returned twice is computed into its first destination and
        // copied from there: computing it into both would write one result
        // twice.
        llvm::DenseMap<Value, Value> materialized;
        for (OpOperand &operand : ret->getOpOperands()) {
          Value destination =
              fn.getArgument(firstDestination + operand.getOperandNumber());
          Value source = materialized.lookup(operand.get());
          Value result = bufferization::MaterializeInDestinationOp::create(
                             builder, ret.getLoc(),
                             source ? source : operand.get(), destination)
                             .getResult();
          materialized.try_emplace(operand.get(), result);
          operand.set(result);
        }
      });
    }
  }
};

/// Looks through casts that bufferization may leave between an argument and
/// the value returned for it.
Value stripCasts(Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  return value;
}

struct DropDestinationResultsPass
    : kiln::impl::DropDestinationResultsBase<DropDestinationResultsPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (!isEntryPoint(fn) || fn.getNumResults() == 0)
        continue;
      bool allDestinations = true;
      fn.walk([&](func::ReturnOp ret) {
        for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
          auto arg = dyn_cast<BlockArgument>(stripCasts(value));
          auto index = arg ? fn.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(),
                                                              kDestinationAttr)
                           : IntegerAttr();
          allDestinations &= index && index.getInt() == static_cast<int64_t>(i);
        }
      });
      if (!allDestinations) {
        fn.emitError("a result is not computed into its destination argument");
        return signalPassFailure();
      }
      fn.walk([](func::ReturnOp ret) { ret->setOperands({}); });
      fn.setType(FunctionType::get(&getContext(), fn.getArgumentTypes(), {}));
      // Its job done, the mark goes: the translation to LLVM IR would warn
      // about it, printing the whole function into each warning.
      for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
        fn.removeArgAttr(i, kDestinationAttr);
    }
  }
};

} // namespace
