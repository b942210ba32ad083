// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// compare, select and cast go through the elementwise pattern too; their
// bodies depend on the predicate and on the element types.

// Float predicates are ordered, except ne: NaN != NaN is true.
// CHECK-LABEL: func.func @compare_f32
// CHECK:         linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}} : tensor<4xi1>)
// CHECK:           arith.cmpf oeq, %{{.+}}, %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.cmpf une, %{{.+}}, %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.cmpf olt, %{{.+}}, %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ole, %{{.+}}, %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt, %{{.+}}, %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.cmpf oge, %{{.+}}, %{{.+}} : f32
func.func @compare_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare eq, %a, %b : tensor<4xf32>
  %1 = kiln.compare ne, %a, %b : tensor<4xf32>
  %2 = kiln.compare lt, %a, %b : tensor<4xf32>
  %3 = kiln.compare le, %a, %b : tensor<4xf32>
  %4 = kiln.compare gt, %a, %b : tensor<4xf32>
  %5 = kiln.compare ge, %a, %b : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Integer predicates are signed.
// CHECK-LABEL: func.func @compare_i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %[[Y:.+]]: i64, %{{.+}}: i1):
// CHECK-NEXT:      %[[R:.+]] = arith.cmpi eq, %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:           arith.cmpi ne, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi slt, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi sle, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi sgt, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi sge, %{{.+}}, %{{.+}} : i64
func.func @compare_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare eq, %a, %b : tensor<4xi64>
  %1 = kiln.compare ne, %a, %b : tensor<4xi64>
  %2 = kiln.compare lt, %a, %b : tensor<4xi64>
  %3 = kiln.compare le, %a, %b : tensor<4xi64>
  %4 = kiln.compare gt, %a, %b : tensor<4xi64>
  %5 = kiln.compare ge, %a, %b : tensor<4xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @select_f32(
// CHECK-SAME:    %[[C:.+]]: tensor<2x3xi1>, %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x3xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[MAP]], #[[MAP]], #[[MAP]], #[[MAP]]], iterator_types = ["parallel", "parallel"]} ins(%[[C]], %[[A]], %[[B]] : tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[P:.+]]: i1, %[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.select %[[P]], %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @select_f32(%c: tensor<2x3xi1>, %a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.select %c, %a, %b : tensor<2x3xi1>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @select_i1
// CHECK:         ^bb0(%[[P:.+]]: i1, %[[X:.+]]: i1, %[[Y:.+]]: i1, %{{.+}}: i1):
// CHECK-NEXT:      %[[R:.+]] = arith.select %[[P]], %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
func.func @select_i1(%c: tensor<4xi1>, %a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %0 = kiln.select %c, %a, %b : tensor<4xi1>, tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @select_i64
// CHECK:         arith.select %{{.+}}, %{{.+}}, %{{.+}} : i64
func.func @select_i64(%c: tensor<4xi1>, %a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = kiln.select %c, %a, %b : tensor<4xi1>, tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Float to float: extend or truncate; f16 and bf16 go through f32.
// CHECK-LABEL: func.func @cast_float_float
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f64):
// CHECK-NEXT:      %[[R:.+]] = arith.extf %[[X]] : f32 to f64
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f16):
// CHECK-NEXT:      %[[R:.+]] = arith.truncf %[[X]] : f32 to f16
// CHECK:         ^bb0(%[[X:.+]]: f16, %{{.+}}: bf16):
// CHECK-NEXT:      %[[W:.+]] = arith.extf %[[X]] : f16 to f32
// CHECK-NEXT:      %[[R:.+]] = arith.truncf %[[W]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[R]] : bf16
func.func @cast_float_float(%a: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>) {
  %0 = kiln.cast %a : tensor<4xf32> -> tensor<4xf64>
  %1 = kiln.cast %a : tensor<4xf32> -> tensor<4xf16>
  %2 = kiln.cast %h : tensor<4xf16> -> tensor<4xbf16>
  return %0, %1, %2 : tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>
}

// -----

// Float to integer truncates toward zero; integer to float is signed.
// CHECK-LABEL: func.func @cast_float_int
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: i32):
// CHECK-NEXT:      %[[R:.+]] = arith.fptosi %[[X]] : f32 to i32
// CHECK:         ^bb0(%[[X:.+]]: i64, %{{.+}}: f64):
// CHECK-NEXT:      %[[R:.+]] = arith.sitofp %[[X]] : i64 to f64
func.func @cast_float_int(%a: tensor<4xf32>, %i: tensor<4xi64>) -> (tensor<4xi32>, tensor<4xf64>) {
  %0 = kiln.cast %a : tensor<4xf32> -> tensor<4xi32>
  %1 = kiln.cast %i : tensor<4xi64> -> tensor<4xf64>
  return %0, %1 : tensor<4xi32>, tensor<4xf64>
}

// -----

// Integers sign-extend or truncate.
// CHECK-LABEL: func.func @cast_int_int
// CHECK:         ^bb0(%[[X:.+]]: i32, %{{.+}}: i64):
// CHECK-NEXT:      %[[R:.+]] = arith.extsi %[[X]] : i32 to i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %{{.+}}: i32):
// CHECK-NEXT:      %[[R:.+]] = arith.trunci %[[X]] : i64 to i32
func.func @cast_int_int(%a: tensor<4xi32>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi32>) {
  %0 = kiln.cast %a : tensor<4xi32> -> tensor<4xi64>
  %1 = kiln.cast %b : tensor<4xi64> -> tensor<4xi32>
  return %0, %1 : tensor<4xi64>, tensor<4xi32>
}

// -----

// Anything to i1 is `!= 0` (unordered for floats: NaN is true).
// CHECK-LABEL: func.func @cast_to_bool
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[R:.+]] = arith.cmpf une, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         ^bb0(%[[X:.+]]: i64, %{{.+}}: i1):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK-NEXT:      %[[R:.+]] = arith.cmpi ne, %[[X]], %[[ZERO]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
func.func @cast_to_bool(%a: tensor<4xf32>, %b: tensor<4xi64>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.cast %a : tensor<4xf32> -> tensor<4xi1>
  %1 = kiln.cast %b : tensor<4xi64> -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// i1 counts as unsigned: true is 1, not -1.
// CHECK-LABEL: func.func @cast_from_bool
// CHECK:         ^bb0(%[[X:.+]]: i1, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.uitofp %[[X]] : i1 to f32
// CHECK:         ^bb0(%[[X:.+]]: i1, %{{.+}}: i32):
// CHECK-NEXT:      %[[R:.+]] = arith.extui %[[X]] : i1 to i32
func.func @cast_from_bool(%a: tensor<4xi1>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = kiln.cast %a : tensor<4xi1> -> tensor<4xf32>
  %1 = kiln.cast %a : tensor<4xi1> -> tensor<4xi32>
  return %0, %1 : tensor<4xf32>, tensor<4xi32>
}
