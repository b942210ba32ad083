//===- Im2col.h - convolutions as a windows copy and a contraction -*- C++
//-*-===//

#ifndef KILN_LIB_COMPILER_IM2COL_H
#define KILN_LIB_COMPILER_IM2COL_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// Replaces float `op` by a copy of its input's windows, [N, C, KH, KW, OH,
/// OW], viewed as columns [N, C*KH*KW, OH*OW], and a `linalg.generic`
/// contraction with loops (n, f, p, k) of the filter [F, C*KH*KW] with them;
/// returns the contraction. Fails (changing nothing) on other element types.
mlir::FailureOr<mlir::linalg::GenericOp>
rewriteAsWindowsContraction(mlir::RewriterBase &rewriter,
                            mlir::linalg::Conv2DNchwFchwOp op);

} // namespace kiln

#endif // KILN_LIB_COMPILER_IM2COL_H
