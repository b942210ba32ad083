//===- Passes.td - kiln conversion passes ------------------*- tablegen -*-===//

#ifndef KILN_CONVERSION_PASSES_TD
#define KILN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKilnToLinalg : Pass<"convert-kiln-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower kiln ops to linalg, tensor, arith, math and scf on tensors";
  let description = [{
    Named linalg ops where they exist (matmul, batch_matmul, convolutions,
    pooling), `linalg.generic` elsewhere, and `tensor` ops for reshapes,
    slices, concatenation and padding. Index-reading ops (gather, scatter_add)
    clamp their indices instead of reading or writing out of bounds, and
    report out-of-range indices through a status: each function holding such
    ops gets a trailing `tensor<i32>` result (0, or the 1-based position of
    the first faulting op) and a `kiln.fault_sites` attribute naming each op
    and its location. See Indexing.cpp for the full contract.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::bufferization::BufferizationDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // KILN_CONVERSION_PASSES_TD
