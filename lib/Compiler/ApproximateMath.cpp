//===- ApproximateMath.cpp - math functions LLVM can vectorize ------------===//
//
// On the CPU, LLVM lowers exp, log, tanh and erf to a libm call per element,
// which keeps the loop around it scalar (gelu spent most of its time in
// `erff`, softmax in `expf`). MLIR's polynomial approximations of the f32
// functions are plain arithmetic, which LLVM vectorizes with the loop.
// exp, most of softmax's cost, has a cheaper one of its own here.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/StringSet.h"

namespace kiln {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// f32 exp(x) = 2^k e^r, with k = round(x / ln 2) and |r| <= ln 2 / 2, r's
/// exponential by MLIR's (Cephes') polynomial. Adding 1.5 * 2^23 + 127 to
/// x / ln 2 rounds it and leaves k + 127, the biased exponent of 2^k, in the
/// sum's low mantissa bits, so one shift builds 2^k. MLIR's version floors,
/// clamps k and converts it to an integer instead: 21 vector instructions
/// per element against 15 here.
struct ExpByExponentBits : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::ExpOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto typed = [&](Type element) -> Type {
      if (auto vector = dyn_cast<VectorType>(type))
        return vector.clone(element);
      return element;
    };
    Type intType = typed(b.getI32Type());
    auto constant = [&](Type t, TypedAttr element) -> Value {
      if (auto vector = dyn_cast<VectorType>(t))
        return arith::ConstantOp::create(
            b, DenseElementsAttr::get(vector, element));
      return arith::ConstantOp::create(b, element);
    };
    auto f32 = [&](float v) { return constant(type, b.getF32FloatAttr(v)); };
    auto fma = [&](Value x, Value y, Value z) -> Value {
      return math::FmaOp::create(b, x, y, z);
    };
    // `bound` where `x` lies beyond it; NaN compares false and passes.
    auto clampAt = [&](Value x, arith::CmpFPredicate beyond,
                       Value bound) -> Value {
      Value out = arith::CmpFOp::create(b, beyond, x, bound);
      return arith::SelectOp::create(b, out, bound, x);
    };
    const float biasedRounder = 12582912.0f + 127.0f; // 1.5 * 2^23 + bias
    // Clamped below where every result is 0 (k = -127), so that k + 127
    // is never negative.
    Value x = clampAt(op.getOperand(), arith::CmpFPredicate::OLT, f32(-87.8f));
    // k = 127 at most: 2^128 is not a float. Larger x overflow to infinity
    // in the final product, as they should.
    Value shifted = clampAt(fma(x, f32(1.44269504f), f32(biasedRounder)),
                            arith::CmpFPredicate::OGT,
                            f32(biasedRounder + 127.0f));
    Value k = arith::SubFOp::create(b, shifted, f32(biasedRounder));
    // r = x - k ln 2, with ln 2 split in two for precision.
    Value r = fma(k, f32(-0.693359375f), x);
    r = fma(k, f32(2.12194440e-4f), r);
    Value poly = f32(1.9875691500e-4f);
    for (float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f,
                    1.6666665459e-1f, 0.5f})
      poly = fma(poly, r, f32(c));
    Value expRMinusOne = fma(poly, arith::MulFOp::create(b, r, r), r);
    Value bits = arith::BitcastOp::create(b, intType, shifted);
    Value scale = arith::BitcastOp::create(
        b, type,
        arith::ShLIOp::create(b, bits,
                              constant(intType, b.getI32IntegerAttr(23))));
    // e^r 2^k = (e^r - 1) 2^k + 2^k: one fma, rounded once.
    rewriter.replaceOpWithNewOp<math::FmaOp>(op, expRMinusOne, scale, scale);
    return success();
  }
};

struct ApproximateMathPass
    : kiln::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // Approximations within a few ulp of libm over the f32 range,
    // infinities and NaN included (log flushes subnormal inputs).
    static const llvm::StringSet<> approximated = {"math.expm1", "math.log",
                                                   "math.log1p", "math.log2",
                                                   "math.tanh",  "math.erf"};
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpByExponentBits>(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return approximated.contains(name); });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
