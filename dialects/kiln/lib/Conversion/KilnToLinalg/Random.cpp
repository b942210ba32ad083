//===- Random.cpp - kiln random number ops to linalg.generic --------------===//
//
// Counter-based random numbers: element i of the result depends only on the
// seed and i, so the same seed gives the same tensor on any schedule. The
// generator is SplitMix64 keyed by the mixed seed: the i-th draw is
// mix64(key + (i + 1) * golden), with key = mix64(seed). Uniform numbers take
// the top bits of a draw (as many as the float type's significand holds, so
// that the result stays below 1); normal numbers use Box-Muller on two draws.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// SplitMix64's increment, the golden ratio in 64 bits.
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

Value constantI64(OpBuilder &b, Location loc, uint64_t value) {
  return arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(static_cast<int64_t>(value)));
}

/// SplitMix64's finalizer: a bijection on 64 bits in which every input bit
/// affects every output bit.
Value mix64(OpBuilder &b, Location loc, Value z) {
  auto round = [&](Value x, unsigned shift, uint64_t multiplier) {
    Value shifted =
        arith::ShRUIOp::create(b, loc, x, constantI64(b, loc, shift));
    Value mixed = arith::XOrIOp::create(b, loc, x, shifted);
    return arith::MulIOp::create(b, loc, mixed, constantI64(b, loc, multiplier))
        .getResult();
  };
  z = round(z, 30, 0xbf58476d1ce4e5b9ULL);
  z = round(z, 27, 0x94d049bb133111ebULL);
  Value shifted = arith::ShRUIOp::create(b, loc, z, constantI64(b, loc, 31));
  return arith::XOrIOp::create(b, loc, z, shifted);
}

/// Draw number `counter` (i64) of the stream keyed by `key`.
Value draw(OpBuilder &b, Location loc, Value key, Value counter) {
  Value next = arith::AddIOp::create(b, loc, counter, constantI64(b, loc, 1));
  Value step =
      arith::MulIOp::create(b, loc, next, constantI64(b, loc, kGolden));
  return mix64(b, loc, arith::AddIOp::create(b, loc, key, step));
}

/// A number in [0, 1) of float `type` from the top `bits` bits of `bits64`;
/// `bits` must not exceed the type's significand, so the value is exact.
Value toUnit(OpBuilder &b, Location loc, Value bits64, unsigned bits,
             Type type) {
  Value top =
      arith::ShRUIOp::create(b, loc, bits64, constantI64(b, loc, 64 - bits));
  Value asFloat = arith::UIToFPOp::create(b, loc, type, top);
  return arith::MulFOp::create(
      b, loc, asFloat, createConstant(b, loc, type, std::ldexp(1.0, -bits)));
}

/// The row-major position of the current element of a `linalg.generic` over
/// `shape`, as i64.
Value linearPosition(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value position = shape.empty()
                       ? arith::ConstantIndexOp::create(b, loc, 0).getResult()
                       : linalg::IndexOp::create(b, loc, 0).getResult();
  for (size_t i = 1; i < shape.size(); ++i) {
    Value scaled = arith::MulIOp::create(
        b, loc, position, arith::ConstantIndexOp::create(b, loc, shape[i]));
    position = arith::AddIOp::create(b, loc, scaled,
                                     linalg::IndexOp::create(b, loc, i));
  }
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), position);
}

/// Builds one element of a random tensor from the key and its position.
using ElementBuilder = Value (*)(OpBuilder &b, Location loc, Value key,
                                 Value position, FloatType type);

/// Uniform in [0, 1): one draw, as many bits as `type`'s significand.
Value uniformElement(OpBuilder &b, Location loc, Value key, Value position,
                     FloatType type) {
  unsigned bits = llvm::APFloat::semanticsPrecision(type.getFloatSemantics());
  Type computeType = type.getWidth() > 32 ? type : b.getF32Type();
  Value unit = toUnit(b, loc, draw(b, loc, key, position), bits, computeType);
  return castScalar(b, loc, unit, type);
}

/// Standard normal by Box-Muller on draws 2i and 2i + 1, computed in at least
/// f32: sqrt(-2 log(1 - u1)) * cos(2 pi u2), where 1 - u1 is in (0, 1].
Value normalElement(OpBuilder &b, Location loc, Value key, Value position,
                    FloatType type) {
  FloatType computeType = type.getWidth() > 32 ? type : b.getF32Type();
  unsigned bits =
      llvm::APFloat::semanticsPrecision(computeType.getFloatSemantics());
  Value first = arith::MulIOp::create(b, loc, position, constantI64(b, loc, 2));
  Value second = arith::AddIOp::create(b, loc, first, constantI64(b, loc, 1));
  Value u1 = toUnit(b, loc, draw(b, loc, key, first), bits, computeType);
  Value u2 = toUnit(b, loc, draw(b, loc, key, second), bits, computeType);
  Value one = createConstant(b, loc, computeType, 1.0);
  Value log =
      math::LogOp::create(b, loc, arith::SubFOp::create(b, loc, one, u1));
  Value radius = math::SqrtOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, log,
                            createConstant(b, loc, computeType, -2.0)));
  Value angle = arith::MulFOp::create(
      b, loc, u2, createConstant(b, loc, computeType, 2.0 * M_PI));
  Value normal =
      arith::MulFOp::create(b, loc, radius, math::CosOp::create(b, loc, angle));
  return castScalar(b, loc, normal, type);
}

template <typename OpTy> struct RandomLowering : OpConversionPattern<OpTy> {
  RandomLowering(MLIRContext *context, ElementBuilder element)
      : OpConversionPattern<OpTy>(context), element(element) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    auto floatType = cast<FloatType>(resultType.getElementType());
    unsigned rank = resultType.getRank();
    Value seed = tensor::ExtractOp::create(rewriter, loc, adaptor.getSeed(),
                                           ValueRange{});
    Value key = mix64(rewriter, loc, seed);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{},
        createEmpty(rewriter, loc, resultType),
        rewriter.getMultiDimIdentityMap(rank), parallelIterators(rank),
        [&](OpBuilder &b, Location nested, ValueRange) {
          Value position = linearPosition(b, nested, resultType.getShape());
          linalg::YieldOp::create(b, nested,
                                  element(b, nested, key, position, floatType));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }

  ElementBuilder element;
};

} // namespace

void populateRandomPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<RandomLowering<RandomUniformOp>>(context, uniformElement);
  patterns.add<RandomLowering<RandomNormalOp>>(context, normalElement);
}

} // namespace kiln::lowering
