//===- KilnToLinalg.cpp - lower kiln ops to linalg on tensors -------------===//
//
// The convert-kiln-to-linalg pass. Each family of ops has its own file; this
// one runs the index-checking ops' lowering (which changes function
// signatures) and then a partial conversion with every family's patterns.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace kiln {
#define GEN_PASS_DEF_CONVERTKILNTOLINALG
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

struct ConvertKilnToLinalgPass
    : kiln::impl::ConvertKilnToLinalgBase<ConvertKilnToLinalgPass> {
  void runOnOperation() override {
    if (failed(kiln::lowering::lowerCheckedOps(getOperation())))
      return signalPassFailure();

    ConversionTarget target(getContext());
    target.addIllegalDialect<kiln::ir::KilnDialect>();
    target.addLegalDialect<arith::ArithDialect,
                           bufferization::BufferizationDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           scf::SCFDialect, tensor::TensorDialect>();
    RewritePatternSet patterns(&getContext());
    kiln::lowering::populateElementwisePatterns(patterns);
    kiln::lowering::populateReductionPatterns(patterns);
    kiln::lowering::populateMatmulPatterns(patterns);
    kiln::lowering::populateDataMovementPatterns(patterns);
    kiln::lowering::populateConvolutionPatterns(patterns);
    kiln::lowering::populateRandomPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
