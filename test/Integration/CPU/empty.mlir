// Empty tensors compile and run: a matmul with no rows.
// RUN: kiln-run %s --entry rows --random-inputs | FileCheck %s --check-prefix=ROWS
// ROWS: result 0: tensor<0x5xf32>
// ROWS-NEXT: array([], dtype=float32)

// An empty reduction dimension is refused with an error, not a crash (the
// bare-pointer calling convention does not take its zero-sized buffers yet).
// RUN: not kiln-run %s --entry reduction --random-inputs 2>&1 | FileCheck %s --check-prefix=REDUCTION
// REDUCTION: kiln-run: error: kiln: linalg-to-llvm failed
func.func @rows(%a: tensor<0x4xf32>, %b: tensor<4x5xf32>) -> tensor<0x5xf32> {
  %0 = kiln.matmul %a, %b : tensor<0x4xf32>, tensor<4x5xf32> -> tensor<0x5xf32>
  return %0 : tensor<0x5xf32>
}
func.func @reduction(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.matmul %a, %b : tensor<2x0xf32>, tensor<0x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
