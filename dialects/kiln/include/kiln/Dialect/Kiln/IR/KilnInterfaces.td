//===- KilnInterfaces.td - kiln op interfaces --------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
#define KILN_DIALECT_KILN_IR_KILNINTERFACES_TD

include "mlir/IR/OpBase.td"

def Kiln_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::kiln::ir";
  let description = [{
    An op whose reverse-mode gradient can be written in kiln IR. The rule
    builds the vector-Jacobian product: given one cotangent per result, it
    appends ops that compute one gradient per operand. It reuses the op's
    operands and results (the forward values) rather than recomputing them.
    Ops that are not differentiable (comparisons, index-producing ops,
    random numbers) do not implement this interface; `kiln-autodiff`
    reports a gradient that would have to flow through them.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends the vector-Jacobian product at `builder`'s insertion point.
        `cotangents` has one value per result, of the result's type. On
        success `gradients` holds one value per operand, of the operand's
        type, or a null value for an operand that carries no gradient
        (indices, conditions, seeds, integer operands of casts). On failure
        an error has been emitted.
      }],
      "::llvm::LogicalResult", "buildVjp",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$cotangents,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$gradients)>,
  ];
}

#endif // KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
