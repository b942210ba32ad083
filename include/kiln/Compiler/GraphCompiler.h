//===- GraphCompiler.h - traced graphs to kiln IR and artifacts -*- C++ -*-===//

#ifndef KILN_COMPILER_GRAPHCOMPILER_H
#define KILN_COMPILER_GRAPHCOMPILER_H

#include "kiln/Compiler/CpuCompiler.h"
#include "kiln/Compiler/GpuCompiler.h"
#include "kiln/Compiler/Graph.h"

namespace kiln {

/// Builds and compiles `graph` for the host CPU in a context of its own.
llvm::Expected<runtime::CpuArtifact>
compileGraph(const Graph &graph, const CpuCompileOptions &options = {});

/// Builds and compiles `graph` for the GPU `options.target`.
llvm::Expected<runtime::CpuArtifact>
compileGraphForGpu(const Graph &graph, const GpuCompileOptions &options);

} // namespace kiln

#endif // KILN_COMPILER_GRAPHCOMPILER_H
