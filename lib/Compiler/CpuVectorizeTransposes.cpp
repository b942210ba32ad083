//===- CpuVectorizeTransposes.cpp - 2-D transposes in register tiles ------===//
//
// A transpose loop writes its output row by row and reads its input column
// by column; vectorized by LLVM, every lane of a load is a gather from
// another cache line. Tiles of 16x16 32-bit elements are read as 16 vector
// rows, transposed with 512-bit unpacks and shuffles (AVX-512; LLVM splits
// them on narrower hosts), and written as 16 rows.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_CPUVECTORIZETRANSPOSES
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Rows and columns of a tile: one 512-bit register of 32-bit elements.
constexpr int64_t kTile = 16;

/// Whether `op` copies a static 2-D tensor of 32-bit elements, both of whose
/// sizes are whole tiles, to its transpose.
bool isTileableTranspose(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 2 ||
      op.getNumParallelLoops() != 2)
    return false;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getElementTypeBitWidth() != 32 ||
      llvm::any_of(type.getShape(),
                   [](int64_t size) { return size % kTile != 0; }))
    return false;
  MLIRContext *context = op.getContext();
  AffineMap swapped =
      AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, context);
  if (op.getIndexingMapsArray() !=
      SmallVector<AffineMap>{swapped,
                             AffineMap::getMultiDimIdentityMap(2, context)})
    return false;
  // The body yields the input element unchanged.
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  return body.getOperations().size() == 1 &&
         yield.getOperand(0) == body.getArgument(0);
}

struct CpuVectorizeTransposesPass
    : kiln::impl::CpuVectorizeTransposesBase<CpuVectorizeTransposesPass> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> transposes;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isTileableTranspose(op))
        transposes.push_back(op);
    });
    if (transposes.empty())
      return;
    IRRewriter rewriter(&getContext());
    Builder builder(&getContext());
    scf::SCFTilingOptions tiling;
    tiling.setTileSizes(
        {builder.getIndexAttr(kTile), builder.getIndexAttr(kTile)});
    tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    for (linalg::GenericOp op : transposes) {
      rewriter.setInsertionPoint(op);
      auto tiles = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), tiling);
      if (failed(tiles)) {
        op.emitError("kiln: cannot tile transpose");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, tiles->replacements);
      Operation *tile = tiles->tiledOps.front();
      rewriter.setInsertionPoint(tile);
      auto vectorized = linalg::vectorize(rewriter, tile);
      if (failed(vectorized)) {
        tile->emitError("kiln: cannot vectorize transpose tile");
        return signalPassFailure();
      }
      rewriter.replaceOp(tile, vectorized->replacements);
    }
    // A permuted read becomes a row-wise read and a vector.transpose, which
    // becomes the 16x16 shuffle network.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::Shuffle16x16);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
