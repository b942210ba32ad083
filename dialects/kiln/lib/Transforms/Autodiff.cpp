//===- Autodiff.cpp - reverse-mode gradients of kiln functions ------------===//
//
// `kiln-autodiff` writes the gradient of a function as a new kiln function:
// the forward ops are cloned, then each op's DifferentiableOpInterface rule
// appends its vector-Jacobian product, last op first. See Passes.td for the
// contract.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNAUTODIFF
#include "kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln::ir;

namespace {

constexpr llvm::StringLiteral kGradAttr = "kiln.grad";

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

Value zeros(OpBuilder &builder, Location loc, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(tensor,
                             builder.getZeroAttr(tensor.getElementType())));
}

/// The argument positions to differentiate: `kiln.grad = {wrt = [...]}`, or
/// every floating-point argument.
FailureOr<SmallVector<unsigned>> gradientArguments(func::FuncOp func) {
  FunctionType type = func.getFunctionType();
  SmallVector<unsigned> wrt;
  auto options = func->getAttrOfType<DictionaryAttr>(kGradAttr);
  auto list = options ? options.getAs<ArrayAttr>("wrt") : ArrayAttr();
  if (options && options.get("wrt") && !list)
    return func.emitError("'wrt' in '")
           << kGradAttr << "' must be an array of argument positions";
  if (!list) {
    for (unsigned i = 0; i < type.getNumInputs(); ++i)
      if (isFloatTensor(type.getInput(i)))
        wrt.push_back(i);
    return wrt;
  }
  for (Attribute entry : list) {
    auto position = dyn_cast<IntegerAttr>(entry);
    if (!position || position.getInt() < 0 ||
        position.getInt() >= type.getNumInputs())
      return func.emitError("'wrt' entry ")
             << entry << " is not an argument position of @"
             << func.getSymName();
    unsigned i = position.getInt();
    if (llvm::is_contained(wrt, i))
      return func.emitError("argument ") << i << " appears twice in 'wrt'";
    if (!isFloatTensor(type.getInput(i)))
      return func.emitError("cannot differentiate with respect to argument ")
             << i << " of type " << type.getInput(i)
             << ": it is not a floating-point tensor";
    wrt.push_back(i);
  }
  return wrt;
}

/// Builds `@<name>_grad` next to `primal`; returns it, or failure after an
/// error (leaving the module as it was).
FailureOr<func::FuncOp> differentiate(func::FuncOp primal, ModuleOp module) {
  if (primal.isExternal())
    return primal.emitError("cannot differentiate a function without a body");
  if (!primal.getBody().hasOneBlock())
    return primal.emitError("can only differentiate a single-block function");
  FailureOr<SmallVector<unsigned>> wrt = gradientArguments(primal);
  if (failed(wrt))
    return failure();
  std::string name = (primal.getSymName() + "_grad").str();
  if (SymbolTable::lookupSymbolIn(module, name))
    return primal.emitError("cannot create @")
           << name << ": a symbol of that name exists";

  // (arguments..., seeds...) -> (results..., gradients...)
  FunctionType primalType = primal.getFunctionType();
  SmallVector<Type> inputs(primalType.getInputs());
  llvm::append_range(inputs, primalType.getResults());
  SmallVector<Type> results(primalType.getResults());
  for (unsigned i : *wrt)
    results.push_back(primalType.getInput(i));
  OpBuilder builder(primal);
  builder.setInsertionPointAfter(primal);
  auto grad = func::FuncOp::create(builder, primal.getLoc(), name,
                                   builder.getFunctionType(inputs, results));
  // A private primal (a front end's history) has a private gradient, which
  // inlining can then remove.
  grad.setVisibility(primal.getVisibility());
  Block *entry = grad.addEntryBlock();
  unsigned numArgs = primalType.getNumInputs();

  // Forward: the primal ops, once, and the values that depend on `wrt`.
  builder.setInsertionPointToStart(entry);
  IRMapping mapping;
  Block &primalBlock = primal.getBody().front();
  mapping.map(primalBlock.getArguments(),
              entry->getArguments().take_front(numArgs));
  llvm::DenseSet<Value> active;
  for (unsigned i : *wrt)
    active.insert(entry->getArgument(i));
  SmallVector<Operation *> forward;
  for (Operation &op : primalBlock.without_terminator()) {
    Operation *clone = builder.clone(op, mapping);
    forward.push_back(clone);
    if (llvm::any_of(clone->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      active.insert(clone->result_begin(), clone->result_end());
  }
  SmallVector<Value> outputs =
      llvm::map_to_vector(primalBlock.getTerminator()->getOperands(),
                          [&](Value v) { return mapping.lookupOrDefault(v); });

  // Backward: cotangents of active values, summed over their uses.
  llvm::DenseMap<Value, Value> cotangents;
  auto accumulate = [&](Value value, Value cotangent) {
    if (!active.contains(value))
      return;
    Value &sum = cotangents[value];
    sum = sum ? AddOp::create(builder, cotangent.getLoc(), sum.getType(), sum,
                              cotangent)
                    .getResult()
              : cotangent;
  };
  for (auto [output, seed] :
       llvm::zip(outputs, entry->getArguments().drop_front(numArgs)))
    accumulate(output, seed);
  for (Operation *op : llvm::reverse(forward)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value v) { return cotangents.count(v); }))
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable) {
      op->emitError("cannot differentiate through '") << op->getName() << "'";
      grad.erase();
      return failure();
    }
    builder.setInsertionPointToEnd(entry);
    SmallVector<Value> resultCotangents;
    for (Value result : op->getResults()) {
      Value cotangent = cotangents.lookup(result);
      resultCotangents.push_back(
          cotangent ? cotangent
                    : zeros(builder, op->getLoc(), result.getType()));
    }
    SmallVector<Value> operandGradients;
    if (failed(differentiable.buildVjp(builder, resultCotangents,
                                       operandGradients))) {
      grad.erase();
      return failure();
    }
    assert(operandGradients.size() == op->getNumOperands() &&
           "a gradient rule must give one value per operand");
    for (auto [operand, gradient] :
         llvm::zip(op->getOperands(), operandGradients))
      if (gradient)
        accumulate(operand, gradient);
  }

  builder.setInsertionPointToEnd(entry);
  SmallVector<Value> returned(outputs);
  for (unsigned i : *wrt) {
    Value gradient = cotangents.lookup(entry->getArgument(i));
    returned.push_back(
        gradient ? gradient
                 : zeros(builder, primal.getLoc(), primalType.getInput(i)));
  }
  func::ReturnOp::create(builder, primal.getLoc(), returned);
  return grad;
}

/// The canonicalization patterns of every loaded dialect and op.
FrozenRewritePatternSet canonicalizationPatterns(MLIRContext *context) {
  RewritePatternSet patterns(context);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  return FrozenRewritePatternSet(std::move(patterns));
}

struct KilnAutodiffPass
    : public kiln::impl::KilnAutodiffBase<KilnAutodiffPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> targets;
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr(kGradAttr) || func.getSymName() == function)
        targets.push_back(func);
    if (!function.empty() &&
        !isa_and_nonnull<func::FuncOp>(
            SymbolTable::lookupSymbolIn(module, function))) {
      module.emitError("kiln-autodiff: no function named @") << function;
      return signalPassFailure();
    }
    FrozenRewritePatternSet patterns = canonicalizationPatterns(&getContext());
    for (func::FuncOp primal : targets) {
      FailureOr<func::FuncOp> grad = differentiate(primal, module);
      if (failed(grad))
        return signalPassFailure();
      // Differentiated once: a second run leaves this function alone.
      primal->removeAttr(kGradAttr);
      // Drops forward work that no output needs, folds the zeros, and merges
      // the products that rules of neighbouring ops both build.
      (void)applyPatternsGreedily(*grad, patterns);
      IRRewriter rewriter(&getContext());
      DominanceInfo dominance(*grad);
      eliminateCommonSubExpressions(rewriter, dominance, *grad);
    }
  }
};

} // namespace
