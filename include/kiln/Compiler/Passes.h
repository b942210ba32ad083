//===- Passes.h - passes of kiln's compiler driver --------------*- C++ -*-===//

#ifndef KILN_COMPILER_PASSES_H
#define KILN_COMPILER_PASSES_H

#include "mlir/Pass/Pass.h"

#include <string>

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Compiler/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Compiler/Passes.h.inc"

/// The symbol of the `void(void **)` entry point of function `name`.
std::string entryWrapperName(llvm::StringRef name);

} // namespace kiln

#endif // KILN_COMPILER_PASSES_H
