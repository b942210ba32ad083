//===- CpuTileAndVectorize.cpp - matmul tiling for the host CPU -----------===//
//
// A matmul C[M,N] += A[M,K] * B[K,N] is split into blocks for the cores
// (scf.forall over M and N, its fill fused in), each block into mr x nr
// register tiles, and each register tile's reduction loop keeps its
// accumulator in vector registers: per step of K it broadcasts mr values of A
// against nr values of B in mr outer products (FMAs). An elementwise op
// reading the product element for element (an optimizer's update of a weight
// gradient) joins the blocks, and where it can, the register tiles, which
// hand it their sums from the accumulators.
//
//===----------------------------------------------------------------------===//

#include "Im2col.h"
#include "kiln/Compiler/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Threading.h"

#include <numeric>

namespace kiln {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZE
#include "kiln/Compiler/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// B's row pitch from which its K-chunk slices are copied to contiguous
/// buffers: a multiple of 4 KiB maps the rows onto few cache sets.
constexpr int64_t kPackRowBytes = 16384;
/// The fewest rows of A a block needs for a packed chunk of B to pay.
constexpr int64_t kMinPackedRows = 8;

/// The largest divisor of `size` up to `preferred` that is a multiple of
/// `unit` (itself a divisor of `size`): blocks of whole register tiles.
int64_t blockTile(int64_t size, int64_t preferred, int64_t unit) {
  for (int64_t tile = std::min(size, preferred); tile > unit; --tile)
    if (size % tile == 0 && tile % unit == 0)
      return tile;
  return unit;
}

/// The largest of `preferred` and its halvings, down to 8, that divides
/// `size` (whole vectors of a power-of-two width), else its largest divisor
/// up to `limit`: register tiles stay static.
int64_t registerTile(int64_t size, int64_t preferred, int64_t limit) {
  for (int64_t tile = preferred; tile >= 8; tile /= 2)
    if (tile <= size && size % tile == 0)
      return tile;
  return blockTile(size, limit, 1);
}

/// The L1 data cache's line size and number of sets (Zen 4 and recent Intel
/// cores: 32 KiB, 8 ways).
constexpr int64_t kCacheLineBytes = 64;
constexpr int64_t kCacheSets = 64;

/// Whether `rows` rows `rowBytes` apart start in different L1 sets.
bool rowsInDistinctCacheSets(int64_t rowBytes, int64_t rows) {
  llvm::SmallDenseSet<int64_t, 16> sets;
  for (int64_t row = 0; row < rows; ++row)
    sets.insert(row * rowBytes / kCacheLineBytes % kCacheSets);
  return static_cast<int64_t>(sets.size()) == rows;
}

/// Marks a register tile's loop over K until it is unrolled.
constexpr llvm::StringLiteral kReductionLoopMark = "kiln.register_tile_k";
/// Steps of K per iteration of a register tile's loop.
constexpr uint64_t kReductionUnroll = 4;

/// Bytes in one vector register (AVX-512). A register tile's row that is not
/// whole vectors must fit in one: LLVM splits an odd-sized vector of several
/// registers (28 floats: 16 + 12) into scalars and shuffles, measured 10x
/// slower than a 14-float row.
constexpr int64_t kVectorBytes = 64;

SmallVector<OpFoldResult> indexAttrs(MLIRContext *context,
                                     ArrayRef<int64_t> values) {
  Builder builder(context);
  return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
    return builder.getIndexAttr(v);
  });
}

/// Static, non-empty iteration spaces on tensors; an empty one computes
/// nothing and has no tiles.
bool isTileable(linalg::LinalgOp op) {
  return op.hasPureTensorSemantics() && !op.hasDynamicShape() &&
         llvm::all_of(op.getStaticLoopRanges(),
                      [](int64_t size) { return size > 0; });
}

struct CpuTileAndVectorizePass
    : kiln::impl::CpuTileAndVectorizeBase<CpuTileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (registerRows < 1 || registerColumns < 1 || blocksPerCore < 1) {
      fn.emitError("kiln-cpu-tile-and-vectorize: mr, nr and blocks-per-core "
                   "must be positive");
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> matmuls;
    rowLengths.clear();
    // A convolution becomes an im2col copy and a batched matmul of the
    // filter (F x C*KH*KW) with each image's columns (C*KH*KW x OH*OW).
    SmallVector<linalg::Conv2DNchwFchwOp> convolutions;
    fn.walk([&](linalg::Conv2DNchwFchwOp op) {
      if (isTileable(op))
        convolutions.push_back(op);
    });
    for (linalg::Conv2DNchwFchwOp op : convolutions) {
      int64_t rowLength =
          cast<ShapedType>(op->getResult(0).getType()).getDimSize(3);
      rewriter.setInsertionPoint(op);
      // Float convolutions copy their windows along rows; others take
      // upstream's im2col, whose column index is divided and reduced.
      Operation *contraction = nullptr;
      if (auto rows = kiln::rewriteAsWindowsContraction(rewriter, op);
          succeeded(rows)) {
        contraction = *rows;
      } else if (auto rewritten = linalg::rewriteInIm2Col(rewriter, op);
                 succeeded(rewritten)) {
        contraction = rewritten->second;
        if (auto reshape = dyn_cast<tensor::ExpandShapeOp>(contraction))
          contraction = reshape.getSrc().getDefiningOp();
      }
      if (auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(contraction)) {
        matmuls.push_back(linalgOp);
        // A block's columns must be whole output rows: the windows' copy
        // (or upstream's division by the output width) indexes by row.
        rowLengths[contraction] = rowLength;
      }
    }
    fn.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) && isTileable(op))
        matmuls.push_back(op);
    });
    SmallVector<Operation *> registerTiles;
    for (linalg::LinalgOp op : matmuls)
      if (failed(tileMatmul(rewriter, op, registerTiles)))
        return signalPassFailure();
    for (Operation *op : registerTiles) {
      rewriter.setInsertionPoint(op);
      // Named contractions lower to outer products; the generic form would
      // become broadcasts and reductions.
      auto vectorized = linalg::vectorize(
          rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
          /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
          /*assumeDynamicDimsMatchVecSizes=*/false,
          /*createNamedContraction=*/true);
      if (failed(vectorized)) {
        op->emitError("kiln: cannot vectorize register tile");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, vectorized->replacements);
    }
    if (failed(lowerVectors()))
      return signalPassFailure();
    // Keep accumulators in registers across the reduction loops.
    fn.walk([&](scf::ForOp loop) { hoistLoopInvariantSubsets(rewriter, loop); });
    // Several steps of K per iteration: a thin tile (one row of a
    // matrix-vector product) has too few FMAs to cover the loop's overhead.
    SmallVector<scf::ForOp> reductionLoops;
    fn.walk([&](scf::ForOp loop) {
      if (loop->removeAttr(kReductionLoopMark))
        reductionLoops.push_back(loop);
    });
    for (scf::ForOp loop : reductionLoops)
      (void)loopUnrollByFactor(loop, kReductionUnroll);
  }

  /// Tiles `op` into thread blocks (its fill fused in) and register tiles;
  /// appends the register tiles to `registerTiles`.
  LogicalResult tileMatmul(IRRewriter &rewriter, linalg::LinalgOp op,
                           SmallVectorImpl<Operation *> &registerTiles) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // (batch,) rows, columns, reduction: the loop order of linalg's matmul
    // and batch_matmul, and of the contraction im2col produces.
    bool batched = ranges.size() == 4;
    size_t m = batched ? 1 : 0, n = m + 1, k = m + 2;

    // Blocks of up to 128 x 256 (A's rows and B's columns of one block over a
    // K chunk stay in L2), split further until every core has enough.
    int64_t wanted = std::max<int64_t>(1, llvm::get_physical_cores()) *
                     blocksPerCore;
    int64_t batches = batched ? ranges[0] : 1;
    int64_t lanes =
        kVectorBytes * 8 /
        cast<ShapedType>(op->getResult(0).getType()).getElementTypeBitWidth();
    int64_t mr = registerTile(ranges[m], registerRows, registerRows);
    int64_t nr = registerTile(ranges[n], registerColumns, lanes);
    // Column blocks are whole register tiles and, for a convolution, whole
    // output rows.
    int64_t columnUnit = std::lcm(nr, std::max<int64_t>(1, rowLengths.lookup(op)));
    int64_t mb = blockTile(ranges[m], 128, mr);
    int64_t nb = blockTile(ranges[n], 256, columnUnit);
    // Smaller blocks are the next smaller divisors, so every block is whole:
    // a partial block would have dynamic sizes.
    while (batches * (ranges[m] / mb) * (ranges[n] / nb) < wanted) {
      if (mb > mr)
        mb = blockTile(ranges[m], mb - 1, mr);
      else if (nb > columnUnit)
        nb = blockTile(ranges[n], nb - 1, columnUnit);
      else
        break;
    }
    SmallVector<int64_t> blockSizes(ranges.size(), 0);
    if (batched)
      blockSizes[0] = 1;
    blockSizes[m] = mb;
    blockSizes[n] = nb;

    scf::SCFTilingOptions blockTiling;
    blockTiling.setTileSizes(indexAttrs(&getContext(), blockSizes));
    blockTiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    scf::SCFTileAndFuseOptions fuseOptions;
    fuseOptions.setTilingOptions(blockTiling);
    // The fill and the im2col copy of a convolution are fused into the
    // blocks, each of which copies only its own columns. A plain matmul's B
    // producer (a transpose) is not: every block along M would recompute
    // the same slice of B into a buffer of its own.
    // A's producers behind reshapes (a convolution's filter, flipped for an
    // input gradient) are not: their slices are the whole filter.
    Value rhs = op.getDpsInputs()[1];
    bool fromConvolution = rowLengths.count(op);
    llvm::SmallPtrSet<Value, 4> lhsBehindReshapes;
    for (Value lhs = op.getDpsInputs()[0]; lhs;) {
      Operation *producer = lhs.getDefiningOp();
      if (!isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
              producer))
        break;
      lhs = producer->getOperand(0);
      lhsBehindReshapes.insert(lhs);
    }
    fuseOptions.setFusionControlFn(
        [rhs, fromConvolution, lhsBehindReshapes](tensor::ExtractSliceOp,
                                                  OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if ((producer == rhs && !fromConvolution) ||
              lhsBehindReshapes.contains(producer))
            return std::nullopt;
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        });
    rewriter.setInsertionPoint(op);
    auto blocks = scf::tileConsumerAndFuseProducersUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), fuseOptions);
    if (failed(blocks))
      return op->emitError("kiln: cannot tile matmul into thread blocks");
    for (auto [original, replacement] : blocks->replacements)
      rewriter.replaceAllUsesWith(original, replacement);
    if (fromConvolution)
      fuseWindowsCopy(rewriter, blocks->loops.front(), rhs);
    FailureOr<Operation *> blockConsumer =
        fuseElementwiseConsumer(rewriter, blocks->loops);
    if (failed(blockConsumer))
      return op->emitError("kiln: cannot fuse the matmul's consumer into its "
                           "thread blocks");

    // K chunks of up to 256, so a block's slice of B stays in L2 (and its
    // pages in the TLB) while the register tiles sweep it.
    SmallVector<int64_t> chunkSizes(ranges.size(), 0);
    chunkSizes[k] = blockTile(ranges[k], 256, 1);
    auto block = cast<TilingInterface>(blocks->tiledAndFusedOps.front());
    TilingInterface chunk = block;
    if (chunkSizes[k] < ranges[k]) {
      scf::SCFTilingOptions chunkTiling;
      chunkTiling.setTileSizes(indexAttrs(&getContext(), chunkSizes));
      rewriter.setInsertionPoint(block);
      auto chunks = scf::tileUsingSCF(rewriter, block, chunkTiling);
      if (failed(chunks))
        return op->emitError("kiln: cannot tile matmul into K chunks");
      rewriter.replaceOp(block, chunks->replacements);
      chunk = cast<TilingInterface>(chunks->tiledOps.back());
    }
    // Packing costs an allocation and a copy per chunk; measured on this
    // machine it pays only once B's rows are 16 KiB or more apart, and only
    // when the block has rows enough to reuse the copy: a matrix-vector
    // product reads each element of B once, and packing would read it twice
    // (4096x4096: 3.5-4.1 ms unpacked, 5.7-7.5 packed).
    auto rhsType = cast<ShapedType>(op->getOperand(1).getType());
    if (ranges[n] * rhsType.getElementTypeBitWidth() / 8 >= kPackRowBytes &&
        mb >= kMinPackedRows)
      packRightOperand(rewriter, cast<linalg::LinalgOp>(chunk.getOperation()));

    // Register tiles: mr x nr over the chunk's K, then one step of K at a
    // time (K innermost).
    bool wholeK = chunk == block;
    chunk = cast<TilingInterface>(asNamedMatmul(rewriter, chunk));
    size_t chunkLoops =
        cast<linalg::LinalgOp>(chunk.getOperation()).getNumLoops();
    SmallVector<int64_t> registerSizes(chunkLoops, 1);
    registerSizes[chunkLoops - 3] = mr;
    registerSizes[chunkLoops - 2] = nr;
    registerSizes[chunkLoops - 1] = 0;
    scf::SCFTilingOptions registerTiling;
    registerTiling.setTileSizes(indexAttrs(&getContext(), registerSizes));
    // Over the whole of K, each tile zeroes its own accumulators: the fill
    // folds into their first value instead of a pass over the block.
    scf::SCFTileAndFuseOptions registerFusion;
    registerFusion.setTilingOptions(registerTiling);
    registerFusion.setFusionControlFn(
        [wholeK](tensor::ExtractSliceOp, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (wholeK && isa<linalg::FillOp>(producer.getOwner()))
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          return std::nullopt;
        });
    rewriter.setInsertionPoint(chunk);
    auto tiles = scf::tileConsumerAndFuseProducersUsingSCF(rewriter, chunk,
                                                           registerFusion);
    if (failed(tiles))
      return op->emitError("kiln: cannot tile matmul into register tiles");
    for (auto [original, replacement] : tiles->replacements)
      rewriter.replaceAllUsesWith(original, replacement);
    for (Operation *fused : tiles->tiledAndFusedOps)
      if (isa<linalg::FillOp>(fused))
        registerTiles.push_back(fused);
    // A block's consumer reads each register tile's final sums straight from
    // the accumulators; with K in chunks they are only partial sums. Its
    // operands' rows must not share cache sets, or a tile's rows of every
    // operand would evict each other (measured 1.6x slower at 4 KiB rows).
    auto resultType = cast<ShapedType>(op->getResult(0).getType());
    int64_t rowBytes =
        resultType.getShape().back() * resultType.getElementTypeBitWidth() / 8;
    if (*blockConsumer && wholeK && rowsInDistinctCacheSets(rowBytes, mr) &&
        succeeded(linalg::vectorizeOpPrecondition(*blockConsumer))) {
      hoistOperandSlices(*blockConsumer, tiles->loops.front());
      auto fused =
          scf::tileAndFuseConsumer(rewriter, *blockConsumer, tiles->loops);
      if (failed(fused))
        return op->emitError("kiln: cannot fuse the matmul's consumer into "
                             "its register tiles");
      registerTiles.append(fused->tiledOps.begin(), fused->tiledOps.end());
    }
    SmallVector<int64_t> stepSizes(chunkLoops, 0);
    stepSizes[chunkLoops - 1] = 1;
    scf::SCFTilingOptions stepTiling;
    stepTiling.setTileSizes(indexAttrs(&getContext(), stepSizes));
    auto tile = cast<TilingInterface>(tiles->tiledAndFusedOps.front());
    rewriter.setInsertionPoint(tile);
    auto steps = scf::tileUsingSCF(rewriter, tile, stepTiling);
    if (failed(steps))
      return op->emitError("kiln: cannot tile a register tile along K");
    rewriter.replaceOp(tile, steps->replacements);
    registerTiles.push_back(steps->tiledOps.back());
    steps->loops.back()->setAttr(kReductionLoopMark, rewriter.getUnitAttr());
    return success();
  }

  /// Moves into the blocks the elementwise op that reads the matmul's result
  /// element for element (an optimizer's update of a weight gradient), so
  /// each block updates its elements while they are in cache instead of a
  /// second parallel loop reading the whole result back from memory.
  /// Returns the consumer's tile in a block, or null when there is none.
  FailureOr<Operation *>
  fuseElementwiseConsumer(IRRewriter &rewriter,
                          MutableArrayRef<LoopLikeOpInterface> blocks) {
    if (blocks.empty() || blocks.front()->getNumResults() != 1)
      return nullptr;
    Operation *loop = blocks.front();
    DominanceInfo dominance;
    for (OpOperand &use : loop->getResult(0).getUses()) {
      auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
      if (!consumer || consumer->getBlock() != loop->getBlock() ||
          !linalg::isElementwise(consumer) ||
          llvm::count(consumer->getOperands(), loop->getResult(0)) != 1 ||
          !consumer.getMatchingIndexingMap(&use).isIdentity() ||
          !llvm::all_of(consumer->getOperands(), [&](Value operand) {
            return operand == loop->getResult(0) ||
                   dominance.properlyDominates(operand, loop);
          }))
        continue;
      auto fused = scf::tileAndFuseConsumer(rewriter, consumer, blocks);
      if (failed(fused))
        return failure();
      return fused->tiledOps.front();
    }
    return nullptr;
  }

  /// Moves the slices `consumer` reads (its other operands' slices, made
  /// after the block's matmul) above `loop`: consumer fusion needs every
  /// operand but the fused one defined before the loops.
  void hoistOperandSlices(Operation *consumer, LoopLikeOpInterface loop) {
    DominanceInfo dominance;
    for (Value operand : consumer->getOperands()) {
      auto slice = operand.getDefiningOp<tensor::ExtractSliceOp>();
      if (slice && slice->getBlock() == loop->getBlock() &&
          loop->isBeforeInBlock(slice) &&
          llvm::all_of(slice->getOperands(), [&](Value sliceOperand) {
            return dominance.properlyDominates(sliceOperand, loop);
          }))
        slice->moveBefore(loop);
    }
  }

  /// Computes in each block of `loop` only its own columns of a
  /// convolution's windows copy, `columns` = collapse_shape(windows [N, C,
  /// KH, KW, OH, OW]): a block's columns [n0, all, p0 : p0 + rows * OW] are
  /// the windows of its output rows. Tiling fuses no producer behind a
  /// reshape, so the copy is tiled here.
  void fuseWindowsCopy(IRRewriter &rewriter, LoopLikeOpInterface loop,
                       Value columns) {
    auto collapse = columns.getDefiningOp<tensor::CollapseShapeOp>();
    auto windows = collapse
                       ? collapse.getSrc().getDefiningOp<linalg::GenericOp>()
                       : linalg::GenericOp();
    if (!windows)
      return;
    int64_t rowLength =
        cast<RankedTensorType>(windows->getResult(0).getType()).getDimSize(5);
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(windows->getResult(0).getType()).getShape();
    SmallVector<tensor::ExtractSliceOp> slices;
    loop->walk([&](tensor::ExtractSliceOp slice) {
      if (slice.getSource() == columns)
        slices.push_back(slice);
    });
    for (tensor::ExtractSliceOp slice : slices) {
      SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
      std::optional<int64_t> columnCount =
          getConstantIntValue(slice.getMixedSizes()[2]);
      std::optional<int64_t> images =
          getConstantIntValue(slice.getMixedSizes()[0]);
      // Blocks take every window element (K is not tiled here) and whole
      // output rows.
      if (!columnCount || !images || *columnCount % rowLength != 0 ||
          !isConstantIntValue(offsets[1], 0) ||
          !isConstantIntValue(slice.getMixedSizes()[1],
                              shape[1] * shape[2] * shape[3]))
        continue;
      rewriter.setInsertionPoint(slice);
      AffineExpr column = rewriter.getAffineDimExpr(0);
      OpFoldResult firstRow = affine::makeComposedFoldedAffineApply(
          rewriter, slice.getLoc(), column.floorDiv(rowLength), {offsets[2]});
      SmallVector<OpFoldResult> tileOffsets = {
          offsets[0], rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
          rewriter.getIndexAttr(0), firstRow, rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> tileSizes = {
          rewriter.getIndexAttr(*images), rewriter.getIndexAttr(shape[1]),
          rewriter.getIndexAttr(shape[2]), rewriter.getIndexAttr(shape[3]),
          rewriter.getIndexAttr(*columnCount / rowLength),
          rewriter.getIndexAttr(rowLength)};
      FailureOr<TilingResult> tile =
          cast<TilingInterface>(windows.getOperation())
              .getTiledImplementation(rewriter, tileOffsets, tileSizes);
      if (failed(tile))
        continue;
      // The tile's destination is a slice of the whole copy's empty tensor;
      // a tensor of its own keeps bufferization from allocating the whole.
      auto tiledCopy = cast<linalg::GenericOp>(tile->tiledOps.front());
      auto tileType = cast<RankedTensorType>(tiledCopy->getResult(0).getType());
      rewriter.setInsertionPoint(tiledCopy);
      Value destination = tensor::EmptyOp::create(
          rewriter, slice.getLoc(), tileType.getShape(),
          tileType.getElementType());
      rewriter.modifyOpInPlace(tiledCopy, [&] {
        tiledCopy.getDpsInitsMutable()[0].set(destination);
      });
      rewriter.setInsertionPoint(slice);
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          slice, slice.getType(), tile->tiledValues[0],
          collapse.getReassociationIndices());
    }
  }

  /// A block of im2col's contraction, out[1, f, p] += W[f, k] * col[1, k, p],
  /// as the linalg.matmul it is once the unit batch dimension is dropped
  /// (named matmuls vectorize to vector.contract). Done per chunk, outside
  /// the register loops, so their accumulators stay loop-carried vectors.
  Operation *asNamedMatmul(IRRewriter &rewriter, Operation *tile) {
    auto op = cast<linalg::LinalgOp>(tile);
    if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(tile) ||
        op.getNumDpsInputs() != 2 ||
        cast<ShapedType>(op->getOperand(0).getType()).getRank() != 2)
      return tile;
    Location loc = tile->getLoc();
    rewriter.setInsertionPoint(tile);
    SmallVector<ReassociationIndices> dropBatch = {{0, 1}, {2}};
    Value rhs = tensor::CollapseShapeOp::create(rewriter, loc,
                                                op->getOperand(1), dropBatch);
    Value acc = tensor::CollapseShapeOp::create(rewriter, loc,
                                                op->getOperand(2), dropBatch);
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, ValueRange{op->getOperand(0), rhs}, ValueRange{acc});
    Value result = tensor::ExpandShapeOp::create(
        rewriter, loc, tile->getResult(0).getType(), matmul.getResult(0),
        dropBatch);
    rewriter.replaceOp(tile, result);
    return matmul;
  }

  /// Copies the chunk's slice of B into a contiguous buffer. Rows of a large
  /// B are a multiple of 4 KiB apart, so a strided slice maps its rows onto
  /// a few cache sets and evicts itself; the copy is read many times.
  void packRightOperand(IRRewriter &rewriter, linalg::LinalgOp chunk) {
    OpOperand &rhs = chunk->getOpOperand(1);
    auto type = cast<RankedTensorType>(rhs.get().getType());
    rewriter.setInsertionPoint(chunk);
    Location loc = chunk.getLoc();
    Value buffer = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    Value packed =
        linalg::CopyOp::create(rewriter, loc, rhs.get(), buffer).getResult(0);
    rewriter.modifyOpInPlace(chunk, [&] { rhs.set(packed); });
  }

  /// The output width of each convolution's im2col contraction.
  llvm::DenseMap<Operation *, int64_t> rowLengths;

  /// Contractions to outer products (FMAs), transfers to plain loads/stores.
  LogicalResult lowerVectors() {
    RewritePatternSet patterns(&getContext());
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorOpsPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    return applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
