//===- InitAll.h - the one place kiln's dialects and passes are registered ===//
//
// kiln-opt, the compiler driver and the tests all register through here, so
// every pass and pipeline is reachable from each of them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_INITALL_H
#define KILN_COMPILER_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace kiln {

/// Adds the kiln dialect and the upstream dialects (with their interface
/// implementations) that kiln's passes produce or consume.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers kiln's passes and pipelines and the upstream passes they use,
/// for textual pipelines (`kiln-opt --kiln-...`, `--pass-pipeline=...`).
void registerAllPasses();

} // namespace kiln

#endif // KILN_COMPILER_INITALL_H
