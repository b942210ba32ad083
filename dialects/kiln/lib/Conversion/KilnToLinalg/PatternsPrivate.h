//===- PatternsPrivate.h - pieces of convert-kiln-to-linalg -----*- C++ -*-===//
//
// Declarations shared by the files of the kiln-to-linalg conversion: one
// populate function per family of ops, the run-time index checks, and small
// builders that several families use.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CONVERSION_KILNTOLINALG_PATTERNSPRIVATE_H
#define KILN_LIB_CONVERSION_KILNTOLINALG_PATTERNSPRIVATE_H

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln::lowering {

//===----------------------------------------------------------------------===//
// Patterns, one family per file.
//===----------------------------------------------------------------------===//

/// Unary and binary math, compare, select and cast (Elementwise.cpp).
void populateElementwisePatterns(mlir::RewritePatternSet &patterns);

/// reduce_sum, reduce_max, reduce_min and argmax (Reductions.cpp).
void populateReductionPatterns(mlir::RewritePatternSet &patterns);

/// matmul (Matmul.cpp).
void populateMatmulPatterns(mlir::RewritePatternSet &patterns);

/// broadcast, reshape, transpose, slice, concat, pad, iota and constant
/// (DataMovement.cpp).
void populateDataMovementPatterns(mlir::RewritePatternSet &patterns);

/// conv2d, pooling and their gradients (Convolution.cpp).
void populateConvolutionPatterns(mlir::RewritePatternSet &patterns);

/// random_uniform and random_normal (Random.cpp).
void populateRandomPatterns(mlir::RewritePatternSet &patterns);

/// Lowers every gather and scatter_add in `module` and gives each function
/// that held one the fault status result and the `kiln.fault_sites`
/// attribute (Indexing.cpp). Runs before the pattern-based conversion
/// because it changes function signatures.
llvm::LogicalResult lowerCheckedOps(mlir::ModuleOp module);

//===----------------------------------------------------------------------===//
// Shared builders (Builders.cpp).
//===----------------------------------------------------------------------===//

/// A `tensor.empty` of `type`.
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type);

/// A new tensor of `resultType` copied from `operand` read through
/// `operandMap` (a broadcast, a transpose, a flip): a `linalg.generic`
/// rather than a named op, so that elementwise fusion folds it into the ops
/// that read it instead of materializing it.
mlir::Value copyThrough(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value operand, mlir::RankedTensorType resultType,
                        mlir::AffineMap operandMap);

/// `value` with its dimensions reordered: dimension i of the result is
/// dimension `order[i]` of `value` (a copyThrough, so it fuses like any
/// transpose).
mlir::Value permuted(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                     llvm::ArrayRef<unsigned> order);

/// A `tensor.empty` of `type` filled with the scalar `value` by `linalg.fill`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::Value value);

/// A scalar constant of float or integer `type` holding `value`.
mlir::Value createConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type type, double value);

/// The identity of max: -inf for floats, the smallest signed integer.
mlir::Value createLowest(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type type);

/// The identity of min: +inf for floats, the largest signed integer.
mlir::Value createHighest(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type);

/// Converts scalar `value` to `to` with C++ static_cast rules: floats are
/// extended or truncated, float to integer truncates toward zero, integers
/// are sign-extended, anything to i1 is `!= 0`, and i1 counts as unsigned.
mlir::Value castScalar(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, mlir::Type to);

/// Clamps index-typed `value` into [0, size - 1]; `size` must be positive.
mlir::Value clampIndex(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value, int64_t size);

/// `count` parallel iterators.
llvm::SmallVector<mlir::utils::IteratorType> parallelIterators(unsigned count);

/// Pads the last two dimensions of NCHW `input` by `padding` on both sides
/// with `value`; returns `input` itself when there is no padding.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> padding,
                       mlir::Value value);

} // namespace kiln::lowering

#endif // KILN_LIB_CONVERSION_KILNTOLINALG_PATTERNSPRIVATE_H
