//===- Elementwise.cpp - kiln elementwise ops to linalg.generic -----------===//
//
// Every elementwise op lowers through one pattern template to a
// `linalg.generic` with identity maps; what differs is the scalar body, given
// by the table in populateElementwisePatterns. Each row maps an op to one
// builder for float operands and one for integer (or boolean) operands.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// Builds one element of an elementwise op's result from the elements of its
/// operands. `op` is the op being lowered (for attributes such as a compare
/// predicate); `resultType` is the result's element type.
using ScalarBuilder = Value (*)(OpBuilder &b, Location loc, Operation *op,
                                ValueRange args, Type resultType);

/// How an op computes one element. The element type of the op's last operand
/// picks the builder; a null builder marks a kind the op's type constraints
/// already rule out.
struct ScalarRule {
  ScalarBuilder onFloat;
  ScalarBuilder onInteger;
};

/// Lowers `op` to a `linalg.generic` over `operands` whose body is `rule`.
LogicalResult lowerElementwise(Operation *op, ValueRange operands,
                               ScalarRule rule,
                               ConversionPatternRewriter &rewriter) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Type selector = getElementTypeOrSelf(operands.back().getType());
  ScalarBuilder build =
      isa<FloatType>(selector) ? rule.onFloat : rule.onInteger;
  if (!build)
    return rewriter.notifyMatchFailure(op, "no lowering for this element type");

  Location loc = op->getLoc();
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(operands.size() + 1,
                              rewriter.getMultiDimIdentityMap(rank));
  Value init = createEmpty(rewriter, loc, resultType);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultType, operands, init, maps, parallelIterators(rank),
      [&](OpBuilder &b, Location nested, ValueRange args) {
        Value result =
            build(b, nested, op, args.drop_back(), resultType.getElementType());
        linalg::YieldOp::create(b, nested, result);
      });
  rewriter.replaceOp(op, generic.getResults());
  return success();
}

/// The one pattern template: every elementwise op is an instance.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  ElementwiseLowering(MLIRContext *context, ScalarRule rule)
      : OpConversionPattern<OpTy>(context), rule(rule) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerElementwise(op, adaptor.getOperands(), rule, rewriter);
  }

  ScalarRule rule;
};

//===----------------------------------------------------------------------===//
// Scalar builders.
//===----------------------------------------------------------------------===//

/// Applies `fn` to `args`, in f32 when they are f16 or bf16: the math
/// functions have no half-precision library entry points, and PyTorch
/// computes them in f32 as well.
template <typename Fn>
Value inWideFloat(OpBuilder &b, Location loc, ValueRange args, Fn fn) {
  Type type = args.front().getType();
  if (type.getIntOrFloatBitWidth() >= 32)
    return fn(b, loc, args);
  SmallVector<Value> wide;
  for (Value arg : args)
    wide.push_back(arith::ExtFOp::create(b, loc, b.getF32Type(), arg));
  return arith::TruncFOp::create(b, loc, type, fn(b, loc, ValueRange(wide)));
}

/// One-to-one arith or math op on the operands.
template <typename ScalarOp>
Value direct(OpBuilder &b, Location loc, Operation *, ValueRange args, Type) {
  return ScalarOp::create(b, loc, args);
}

/// A math function of one operand, computed in at least f32.
template <typename MathOp>
Value mathFunction(OpBuilder &b, Location loc, Operation *, ValueRange args,
                   Type) {
  return inWideFloat(b, loc, args,
                     [](OpBuilder &b, Location loc, ValueRange a) {
                       return MathOp::create(b, loc, a).getResult();
                     });
}

/// 1 / (1 + exp(-x)).
Value sigmoidOf(OpBuilder &b, Location loc, Value x) {
  Value one = createConstant(b, loc, x.getType(), 1.0);
  Value negated = arith::NegFOp::create(b, loc, x);
  Value exp = math::ExpOp::create(b, loc, negated);
  Value denominator = arith::AddFOp::create(b, loc, one, exp);
  return arith::DivFOp::create(b, loc, one, denominator);
}

Value floatNeg(OpBuilder &b, Location loc, Operation *, ValueRange args, Type) {
  return arith::NegFOp::create(b, loc, args[0]);
}

Value intNeg(OpBuilder &b, Location loc, Operation *, ValueRange args,
             Type type) {
  return arith::SubIOp::create(b, loc, createConstant(b, loc, type, 0),
                               args[0]);
}

/// max(x, 0); maximumf keeps a NaN operand NaN, as torch.relu does. The
/// sign of relu(-0) is left open (nsz), which halves its x86 instructions.
Value floatRelu(OpBuilder &b, Location loc, Operation *, ValueRange args,
                Type type) {
  return arith::MaximumFOp::create(b, loc, args[0],
                                   createConstant(b, loc, type, 0),
                                   arith::FastMathFlags::nsz);
}

Value intRelu(OpBuilder &b, Location loc, Operation *, ValueRange args,
              Type type) {
  return arith::MaxSIOp::create(b, loc, args[0],
                                createConstant(b, loc, type, 0));
}

Value floatSigmoid(OpBuilder &b, Location loc, Operation *, ValueRange args,
                   Type) {
  return inWideFloat(b, loc, args,
                     [](OpBuilder &b, Location loc, ValueRange a) {
                       return sigmoidOf(b, loc, a[0]);
                     });
}

/// The exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))).
Value floatGelu(OpBuilder &b, Location loc, Operation *, ValueRange args,
                Type) {
  return inWideFloat(
      b, loc, args, [](OpBuilder &b, Location loc, ValueRange a) {
        Value x = a[0];
        Type type = x.getType();
        Value scaled = arith::MulFOp::create(
            b, loc, x, createConstant(b, loc, type, M_SQRT1_2));
        Value erf = math::ErfOp::create(b, loc, scaled);
        Value onePlus = arith::AddFOp::create(
            b, loc, createConstant(b, loc, type, 1.0), erf);
        Value half =
            arith::MulFOp::create(b, loc, x, createConstant(b, loc, type, 0.5));
        return arith::MulFOp::create(b, loc, half, onePlus).getResult();
      });
}

/// x * sigmoid(x).
Value floatSilu(OpBuilder &b, Location loc, Operation *, ValueRange args,
                Type) {
  return inWideFloat(
      b, loc, args, [](OpBuilder &b, Location loc, ValueRange a) {
        return arith::MulFOp::create(b, loc, a[0], sigmoidOf(b, loc, a[0]))
            .getResult();
      });
}

Value floatReciprocal(OpBuilder &b, Location loc, Operation *, ValueRange args,
                      Type type) {
  return arith::DivFOp::create(b, loc, createConstant(b, loc, type, 1.0),
                               args[0]);
}

Value floatPow(OpBuilder &b, Location loc, Operation *, ValueRange args, Type) {
  return inWideFloat(
      b, loc, args, [](OpBuilder &b, Location loc, ValueRange a) {
        return math::PowFOp::create(b, loc, a[0], a[1]).getResult();
      });
}

/// Truncating division. x / 0 gives 0 and INT_MIN / -1 gives INT_MIN instead
/// of the hardware trap, which would kill the process running the program.
Value intDiv(OpBuilder &b, Location loc, Operation *, ValueRange args,
             Type type) {
  Value lhs = args[0], rhs = args[1];
  unsigned width = type.getIntOrFloatBitWidth();
  Value zero = createConstant(b, loc, type, 0);
  Value one = createConstant(b, loc, type, 1);
  Value minusOne = createConstant(b, loc, type, -1);
  Value lowest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
  Value byZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value overflow = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, lowest),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne));
  Value unsafe = arith::OrIOp::create(b, loc, byZero, overflow);
  Value divisor = arith::SelectOp::create(b, loc, unsafe, one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, divisor);
  Value wrapped = arith::SelectOp::create(b, loc, overflow, lowest, quotient);
  return arith::SelectOp::create(b, loc, byZero, zero, wrapped);
}

/// Ordered predicates, except `ne`: unordered so that NaN != NaN is true, as
/// in PyTorch.
arith::CmpFPredicate floatPredicate(ComparePredicate predicate) {
  switch (predicate) {
  case ComparePredicate::eq:
    return arith::CmpFPredicate::OEQ;
  case ComparePredicate::ne:
    return arith::CmpFPredicate::UNE;
  case ComparePredicate::lt:
    return arith::CmpFPredicate::OLT;
  case ComparePredicate::le:
    return arith::CmpFPredicate::OLE;
  case ComparePredicate::gt:
    return arith::CmpFPredicate::OGT;
  case ComparePredicate::ge:
    return arith::CmpFPredicate::OGE;
  }
  llvm_unreachable("unknown compare predicate");
}

arith::CmpIPredicate intPredicate(ComparePredicate predicate) {
  switch (predicate) {
  case ComparePredicate::eq:
    return arith::CmpIPredicate::eq;
  case ComparePredicate::ne:
    return arith::CmpIPredicate::ne;
  case ComparePredicate::lt:
    return arith::CmpIPredicate::slt;
  case ComparePredicate::le:
    return arith::CmpIPredicate::sle;
  case ComparePredicate::gt:
    return arith::CmpIPredicate::sgt;
  case ComparePredicate::ge:
    return arith::CmpIPredicate::sge;
  }
  llvm_unreachable("unknown compare predicate");
}

Value floatCompare(OpBuilder &b, Location loc, Operation *op, ValueRange args,
                   Type) {
  return arith::CmpFOp::create(
      b, loc, floatPredicate(cast<CompareOp>(op).getPredicate()), args[0],
      args[1]);
}

Value intCompare(OpBuilder &b, Location loc, Operation *op, ValueRange args,
                 Type) {
  return arith::CmpIOp::create(b, loc,
                               intPredicate(cast<CompareOp>(op).getPredicate()),
                               args[0], args[1]);
}

Value selectElement(OpBuilder &b, Location loc, Operation *, ValueRange args,
                    Type) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

Value castElement(OpBuilder &b, Location loc, Operation *, ValueRange args,
                  Type type) {
  return castScalar(b, loc, args[0], type);
}

template <typename OpTy>
void addRule(RewritePatternSet &patterns, ScalarBuilder onFloat,
             ScalarBuilder onInteger = nullptr) {
  patterns.add<ElementwiseLowering<OpTy>>(patterns.getContext(),
                                          ScalarRule{onFloat, onInteger});
}

} // namespace

void populateElementwisePatterns(RewritePatternSet &p) {
  // Unary ops.
  addRule<NegOp>(p, floatNeg, intNeg);
  addRule<AbsOp>(p, direct<math::AbsFOp>, direct<math::AbsIOp>);
  addRule<ReluOp>(p, floatRelu, intRelu);
  addRule<ExpOp>(p, mathFunction<math::ExpOp>);
  addRule<LogOp>(p, mathFunction<math::LogOp>);
  addRule<SqrtOp>(p, mathFunction<math::SqrtOp>);
  addRule<RsqrtOp>(p, mathFunction<math::RsqrtOp>);
  addRule<TanhOp>(p, mathFunction<math::TanhOp>);
  addRule<SigmoidOp>(p, floatSigmoid);
  addRule<GeluOp>(p, floatGelu);
  addRule<SiluOp>(p, floatSilu);
  addRule<SinOp>(p, mathFunction<math::SinOp>);
  addRule<CosOp>(p, mathFunction<math::CosOp>);
  addRule<ErfOp>(p, mathFunction<math::ErfOp>);
  addRule<ReciprocalOp>(p, floatReciprocal);
  // Binary ops.
  addRule<AddOp>(p, direct<arith::AddFOp>, direct<arith::AddIOp>);
  addRule<SubOp>(p, direct<arith::SubFOp>, direct<arith::SubIOp>);
  addRule<MulOp>(p, direct<arith::MulFOp>, direct<arith::MulIOp>);
  addRule<DivOp>(p, direct<arith::DivFOp>, intDiv);
  addRule<PowOp>(p, floatPow);
  addRule<MaximumOp>(p, direct<arith::MaximumFOp>, direct<arith::MaxSIOp>);
  addRule<MinimumOp>(p, direct<arith::MinimumFOp>, direct<arith::MinSIOp>);
  // Ops whose body depends on an attribute or on the types.
  addRule<CompareOp>(p, floatCompare, intCompare);
  addRule<SelectOp>(p, selectElement, selectElement);
  addRule<CastOp>(p, castElement, castElement);
}

} // namespace kiln::lowering
