//===- ArrayPrinter.h - numpy-style printing of results ---------*- C++ -*-===//

#ifndef KILN_TOOLS_KILN_RUN_ARRAYPRINTER_H
#define KILN_TOOLS_KILN_RUN_ARRAYPRINTER_H

#include "kiln/runtime/Artifact.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace kiln {

/// Prints `data` as numpy's repr does (`array([[1., 2.], ...], dtype=float32)`),
/// summarizing arrays of more than 1000 elements with `...`.
void printArray(llvm::raw_ostream &os, const runtime::TensorSpec &spec,
                const void *data);

} // namespace kiln

#endif // KILN_TOOLS_KILN_RUN_ARRAYPRINTER_H
