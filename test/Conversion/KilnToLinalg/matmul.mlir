// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @matmul_2d(
// CHECK-SAME:    %[[A:.+]]: tensor<4x5xf32>, %[[B:.+]]: tensor<5x6xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<4x6xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x6xf32>)
// CHECK:         %[[R:.+]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x5xf32>, tensor<5x6xf32>) outs(%[[INIT]] : tensor<4x6xf32>)
// CHECK:         return %[[R]]
func.func @matmul_2d(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>) -> tensor<4x6xf32> {
  %0 = kiln.matmul %a, %b : tensor<4x5xf32>, tensor<5x6xf32> -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_i32
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK:         linalg.fill ins(%[[ZERO]] : i32)
// CHECK:         linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<2x3xi32>, tensor<3x2xi32>) outs(%{{.+}} : tensor<2x2xi32>)
func.func @matmul_i32(%a: tensor<2x3xi32>, %b: tensor<3x2xi32>) -> tensor<2x2xi32> {
  %0 = kiln.matmul %a, %b : tensor<2x3xi32>, tensor<3x2xi32> -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// CHECK-LABEL: func.func @matmul_batched(
// CHECK-SAME:    %[[A:.+]]: tensor<3x4x5xf64>, %[[B:.+]]: tensor<3x5x6xf64>)
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<3x4x6xf64>)
// CHECK:         %[[R:.+]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<3x4x5xf64>, tensor<3x5x6xf64>) outs(%[[INIT]] : tensor<3x4x6xf64>)
// CHECK:         return %[[R]]
func.func @matmul_batched(%a: tensor<3x4x5xf64>, %b: tensor<3x5x6xf64>) -> tensor<3x4x6xf64> {
  %0 = kiln.matmul %a, %b : tensor<3x4x5xf64>, tensor<3x5x6xf64> -> tensor<3x4x6xf64>
  return %0 : tensor<3x4x6xf64>
}

// -----

// Higher ranks fold their batch dimensions into one.
// CHECK-LABEL: func.func @matmul_rank5(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3x2x4x5xf32>, %[[B:.+]]: tensor<2x3x2x5x6xf32>)
// CHECK:         %[[LHS:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2], [3], [4]] : tensor<2x3x2x4x5xf32> into tensor<12x4x5xf32>
// CHECK:         %[[RHS:.+]] = tensor.collapse_shape %[[B]] {{\[}}[0, 1, 2], [3], [4]] : tensor<2x3x2x5x6xf32> into tensor<12x5x6xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<12x4x6xf32>)
// CHECK:         %[[MM:.+]] = linalg.batch_matmul ins(%[[LHS]], %[[RHS]] : tensor<12x4x5xf32>, tensor<12x5x6xf32>) outs(%[[INIT]] : tensor<12x4x6xf32>)
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[MM]] {{\[}}[0, 1, 2], [3], [4]] output_shape [2, 3, 2, 4, 6] : tensor<12x4x6xf32> into tensor<2x3x2x4x6xf32>
// CHECK:         return %[[R]]
func.func @matmul_rank5(%a: tensor<2x3x2x4x5xf32>, %b: tensor<2x3x2x5x6xf32>) -> tensor<2x3x2x4x6xf32> {
  %0 = kiln.matmul %a, %b : tensor<2x3x2x4x5xf32>, tensor<2x3x2x5x6xf32> -> tensor<2x3x2x4x6xf32>
  return %0 : tensor<2x3x2x4x6xf32>
}
