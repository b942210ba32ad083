// Empty tensors compile and run: a matmul with no rows.
// RUN: kiln-run %s --entry rows --random-inputs | FileCheck %s --check-prefix=ROWS
// ROWS: result 0: tensor<0x5xf32>
// ROWS-NEXT: array([], dtype=float32)

// A product over an empty contraction dimension is zeros, as in PyTorch;
// its [2, 0] operand is passed as a 1-D buffer
// (kiln-flatten-empty-arguments).
// RUN: kiln-run %s --entry reduction --random-inputs | FileCheck %s --check-prefix=REDUCTION
// REDUCTION: result 0: tensor<2x3xf32>
// REDUCTION-NEXT: array({{\[}}[0., 0., 0.],
// REDUCTION-NEXT:        [0., 0., 0.]], dtype=float32)

// Empty inputs and results with a zero after the first dimension.
// RUN: kiln-run %s --entry trailing --random-inputs | FileCheck %s --check-prefix=TRAILING
// TRAILING: result 0: tensor<2x0xf32>
// TRAILING-NEXT: array({{\[}}[],
// TRAILING-NEXT:        []], dtype=float32)
func.func @rows(%a: tensor<0x4xf32>, %b: tensor<4x5xf32>) -> tensor<0x5xf32> {
  %0 = kiln.matmul %a, %b : tensor<0x4xf32>, tensor<4x5xf32> -> tensor<0x5xf32>
  return %0 : tensor<0x5xf32>
}
func.func @reduction(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.matmul %a, %b : tensor<2x0xf32>, tensor<0x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @trailing(%a: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %0 = kiln.neg %a : tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}
