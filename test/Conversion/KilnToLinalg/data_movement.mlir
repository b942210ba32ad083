// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Broadcasts are copies through the operand's map (a generic, which
// elementwise fusion folds into the ops that read it).
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_add_dims(
// CHECK-SAME:    %[[A:.+]]: tensor<3xf32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]] : tensor<3xf32>) outs(%[[INIT]] : tensor<2x3x4xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      linalg.yield %[[X]] : f32
// CHECK:         return %[[R]]
func.func @broadcast_add_dims(%a: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = kiln.broadcast %a dims = [1] : tensor<3xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Size-1 dimensions that grow read index 0 through the operand map.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_stretch(
// CHECK-SAME:    %[[A:.+]]: tensor<1x3xi64>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<4x2x3xi64>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]] : tensor<1x3xi64>) outs(%[[INIT]] : tensor<4x2x3xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT:      linalg.yield %[[X]] : i64
// CHECK:         return %[[R]]
func.func @broadcast_stretch(%a: tensor<1x3xi64>) -> tensor<4x2x3xi64> {
  %0 = kiln.broadcast %a dims = [1, 2] : tensor<1x3xi64> -> tensor<4x2x3xi64>
  return %0 : tensor<4x2x3xi64>
}

// -----

// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @broadcast_scalar_bool
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #{{.+}}], iterator_types = ["parallel", "parallel"]} ins(%{{.+}} : tensor<i1>) outs(%{{.+}} : tensor<2x2xi1>)
func.func @broadcast_scalar_bool(%a: tensor<i1>) -> tensor<2x2xi1> {
  %0 = kiln.broadcast %a dims = [] : tensor<i1> -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// -----

// A size-1 dimension that stays size 1 is read as it is.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @broadcast_keeps_unit_dim
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.+}} : tensor<1x3xf32>) outs(%{{.+}} : tensor<1x4x3xf32>)
func.func @broadcast_keeps_unit_dim(%a: tensor<1x3xf32>) -> tensor<1x4x3xf32> {
  %0 = kiln.broadcast %a dims = [0, 2] : tensor<1x3xf32> -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_collapse(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3x4xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK:         return %[[R]]
func.func @reshape_collapse(%a: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = kiln.reshape %a : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_expand(
// CHECK-SAME:    %[[A:.+]]: tensor<6x4xi32>)
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[A]] {{\[}}[0], [1, 2]] output_shape [6, 2, 2] : tensor<6x4xi32> into tensor<6x2x2xi32>
// CHECK:         return %[[R]]
func.func @reshape_expand(%a: tensor<6x4xi32>) -> tensor<6x2x2xi32> {
  %0 = kiln.reshape %a : tensor<6x4xi32> -> tensor<6x2x2xi32>
  return %0 : tensor<6x2x2xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_scalar(
// CHECK-SAME:    %[[A:.+]]: tensor<f32>)
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[A]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK:         return %[[R]]
func.func @reshape_scalar(%a: tensor<f32>) -> tensor<1x1xf32> {
  %0 = kiln.reshape %a : tensor<f32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// Reshapes that are neither go through 1-D.
// CHECK-LABEL: func.func @reshape_general(
// CHECK-SAME:    %[[A:.+]]: tensor<4x3xi1>)
// CHECK:         %[[FLAT:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<4x3xi1> into tensor<12xi1>
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 6] : tensor<12xi1> into tensor<2x6xi1>
// CHECK:         return %[[R]]
func.func @reshape_general(%a: tensor<4x3xi1>) -> tensor<2x6xi1> {
  %0 = kiln.reshape %a : tensor<4x3xi1> -> tensor<2x6xi1>
  return %0 : tensor<2x6xi1>
}

// -----

// Result dimension i is operand dimension permutation[i]: the operand is
// read at (d1, d2, d0).
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>
// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3x4xf32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[IN]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>)
// CHECK:         return %[[R]]
func.func @transpose(%a: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = kiln.transpose %a permutation = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @slice(
// CHECK-SAME:    %[[A:.+]]: tensor<6x8xi64>)
// CHECK:         %[[R:.+]] = tensor.extract_slice %[[A]][1, 2] [3, 2] [2, 3] : tensor<6x8xi64> to tensor<3x2xi64>
// CHECK:         return %[[R]]
func.func @slice(%a: tensor<6x8xi64>) -> tensor<3x2xi64> {
  %0 = kiln.slice %a start = [1, 2] limit = [6, 7] strides = [2, 3] : tensor<6x8xi64> -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// Concatenation inserts each input at its offset along `dim`.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x1xf32>, %[[C:.+]]: tensor<2x4xf32>)
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<2x8xf32>
// CHECK:         %[[R0:.+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x8xf32>
// CHECK:         %[[R1:.+]] = tensor.insert_slice %[[B]] into %[[R0]][0, 3] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x8xf32>
// CHECK:         %[[R2:.+]] = tensor.insert_slice %[[C]] into %[[R1]][0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
// CHECK:         return %[[R2]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %0 = kiln.concat %a, %b, %c dim = 1 : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// The padding value is a run-time 0-d tensor, read once.
// CHECK-LABEL: func.func @pad(
// CHECK-SAME:    %[[A:.+]]: tensor<3x4xi32>, %[[V:.+]]: tensor<i32>)
// CHECK:         %[[X:.+]] = tensor.extract %[[V]][] : tensor<i32>
// CHECK:         %[[R:.+]] = tensor.pad %[[A]] low[1, 0] high[2, 3] {
// CHECK-NEXT:    ^bb0(%{{.+}}: index, %{{.+}}: index):
// CHECK-NEXT:      tensor.yield %[[X]] : i32
// CHECK-NEXT:    } : tensor<3x4xi32> to tensor<6x7xi32>
// CHECK:         return %[[R]]
func.func @pad(%a: tensor<3x4xi32>, %v: tensor<i32>) -> tensor<6x7xi32> {
  %0 = kiln.pad %a, %v low = [1, 0] high = [2, 3] : tensor<3x4xi32>, tensor<i32> -> tensor<6x7xi32>
  return %0 : tensor<6x7xi32>
}

// -----

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @iota_f32
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[MAP]]], iterator_types = ["parallel", "parallel"]} outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%{{.+}}: f32):
// CHECK-NEXT:      %[[I:.+]] = linalg.index 1 : index
// CHECK-NEXT:      %[[N:.+]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT:      %[[F:.+]] = arith.sitofp %[[N]] : i64 to f32
// CHECK-NEXT:      linalg.yield %[[F]] : f32
func.func @iota_f32() -> tensor<2x3xf32> {
  %0 = kiln.iota dim = 1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @iota_i32
// CHECK:         ^bb0(%{{.+}}: i32):
// CHECK-NEXT:      %[[I:.+]] = linalg.index 0 : index
// CHECK-NEXT:      %[[N:.+]] = arith.index_cast %[[I]] : index to i32
// CHECK-NEXT:      linalg.yield %[[N]] : i32
func.func @iota_i32() -> tensor<2x3xi32> {
  %0 = kiln.iota dim = 0 : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK:         %[[F:.+]] = arith.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK:         %[[B:.+]] = arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK:         %[[I:.+]] = arith.constant dense<7> : tensor<2x2xi64>
// CHECK:         return %[[F]], %[[B]], %[[I]]
func.func @constant() -> (tensor<2xf32>, tensor<2xi1>, tensor<2x2xi64>) {
  %0 = kiln.constant dense<[1.0, 2.5]> : tensor<2xf32>
  %1 = kiln.constant dense<[true, false]> : tensor<2xi1>
  %2 = kiln.constant dense<7> : tensor<2x2xi64>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xi1>, tensor<2x2xi64>
}
