//===- GraphToKiln.h - a traced graph as a kiln function --------*- C++ -*-===//

#ifndef KILN_COMPILER_GRAPHTOKILN_H
#define KILN_COMPILER_GRAPHTOKILN_H

#include "kiln/Compiler/Graph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace kiln {

/// Builds a module with one kiln function, `@main`, computing `graph`.
/// Fails (with diagnostics on `context`) when a node breaks an op's rules.
mlir::OwningOpRef<mlir::ModuleOp> buildKilnModule(mlir::MLIRContext &context,
                                                  const Graph &graph);

} // namespace kiln

#endif // KILN_COMPILER_GRAPHTOKILN_H
