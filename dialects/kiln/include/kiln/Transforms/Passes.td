//===- Passes.td - kiln transformation passes --------------*- tablegen -*-===//

#ifndef KILN_TRANSFORMS_PASSES_TD
#define KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnAutodiff : Pass<"kiln-autodiff", "mlir::ModuleOp"> {
  let summary = "Derive reverse-mode gradient functions in kiln IR";
  let description = [{
    For each `func.func` with a `kiln.grad` attribute (or named by the
    `function` option) this adds `@<name>_grad`. It takes the function's
    arguments followed by one seed (cotangent) per result, and returns the
    function's results followed by the gradients with respect to the
    arguments listed in `kiln.grad = {wrt = [...]}` (all floating-point
    arguments when `wrt` is absent).

    The forward ops are cloned once; each op's `DifferentiableOpInterface`
    rule then appends its vector-Jacobian product, reusing the forward
    values. Gradients of a value used several times are summed, and an
    argument that no result depends on gets a zero gradient. The new
    function is canonicalized, which removes the forward work that no
    output needs. The `kiln.grad` attribute is consumed; the output is
    kiln IR, so a gradient function can be differentiated again.

    A gradient that would have to flow through an op without a rule
    (compare, argmax, iota, random numbers, a cast to an integer type) is
    an error naming that op.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "Also differentiate the function with this name">,
  ];
  let dependentDialects = [
    "::kiln::ir::KilnDialect",
    "::mlir::func::FuncDialect",
  ];
}

#endif // KILN_TRANSFORMS_PASSES_TD
