//===- GpuLaunches.h - loops as GPU launches, shared parts ------*- C++ -*-===//
//
// What kiln-gpu-map-loops' thread-per-iteration mapping (GpuMapLoops.cpp)
// and its warp mappings (GpuWarpLoops.cpp) share.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_COMPILER_GPULAUNCHES_H
#define KILN_LIB_COMPILER_GPULAUNCHES_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <utility>

namespace kiln::detail {

/// Lanes of an NVIDIA warp, the threads a `gpu.shuffle` exchanges between.
constexpr int64_t kWarpSize = 32;

/// Creates a 1-D `gpu.launch` of `blocks` x `threadsPerBlock` threads, with
/// `workgroup` buffers in workgroup memory, at the builder's position and
/// returns it with the builder inside its body.
mlir::gpu::LaunchOp createLaunch(mlir::OpBuilder &builder, mlir::Location loc,
                                 mlir::Value blocks,
                                 mlir::Value threadsPerBlock, mlir::Value one,
                                 mlir::TypeRange workgroup = {});

/// The buffer `value` is a view of (through subviews, casts, reshapes).
mlir::Value rootBuffer(mlir::Value value);

/// The number of iterations of each dimension of `loop` from `firstDim`
/// on, and their product.
std::pair<llvm::SmallVector<mlir::Value>, mlir::Value>
iterationCounts(mlir::OpBuilder &builder, mlir::scf::ParallelOp loop,
                mlir::Value one, unsigned firstDim = 0);

/// Maps `loop`'s induction variables from `firstDim` on (`counts` from
/// iterationCounts with the same `firstDim`) to those of iteration `id` of
/// their linearized space: dimension `d` is
/// `lb[d] + (id / product(count[d+1:])) % count[d] * step[d]`.
void mapInductionVars(mlir::OpBuilder &builder, mlir::scf::ParallelOp loop,
                      llvm::ArrayRef<mlir::Value> counts, mlir::Value id,
                      mlir::IRMapping &mapping, unsigned firstDim = 0);

/// Opens a launch of `total` groups of `groupSize` consecutive threads over
/// blocks of `threadsPerBlock`, and an `scf.if` for the threads of groups
/// below `total`; returns the group's index and the thread's rank in it,
/// with the builder inside the `scf.if`.
std::pair<mlir::Value, mlir::Value>
launchGroups(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value total,
             int64_t groupSize, int64_t threadsPerBlock, mlir::Value one);

/// Replaces `parallel` by a launch with a warp per iteration when each of
/// its iterations reduces a contiguous run of memory into one element (a
/// row's sum or maximum); returns whether it did. `threadsPerBlock` is a
/// multiple of kWarpSize.
bool mapWarpReduction(mlir::scf::ParallelOp parallel, int64_t threadsPerBlock);

/// Runs each row group of `block` (consecutive parallel loops over the same
/// rows that touch only their own row of what they write, one of them a
/// reduction) as one launch with a block of `threadsPerBlock` threads, a
/// multiple of kWarpSize, per row.
void mapRowGroups(mlir::Block &block, int64_t threadsPerBlock);

} // namespace kiln::detail

#endif // KILN_LIB_COMPILER_GPULAUNCHES_H
