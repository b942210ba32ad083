//===- Passes.td - passes of kiln's compiler driver --------*- tablegen -*-===//

#ifndef KILN_COMPILER_PASSES_TD
#define KILN_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

def EmitEntryWrappers : Pass<"kiln-emit-entry-wrappers", "mlir::ModuleOp"> {
  let summary = "Give each public LLVM function a `void(void **)` entry point";
  let description = [{
    After lowering with the bare-pointer calling convention, a public function
    `@f` takes one pointer per buffer. This pass adds `@_kiln_entry_f(ptr)`
    which loads those pointers from an array and calls `@f`, so the runtime
    calls every program the same way whatever its arity.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // KILN_COMPILER_PASSES_TD
