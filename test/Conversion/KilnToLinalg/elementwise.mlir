// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Every elementwise op is a linalg.generic with identity maps over an empty
// init; the body is the op's scalar rule.

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @neg_f32(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[MAP]], #[[MAP]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[N:.+]] = arith.negf %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[N]] : f32
// CHECK:         return %[[R]] : tensor<2x3xf32>
func.func @neg_f32(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.neg %a : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @neg_i32
// CHECK:         ^bb0(%[[X:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[N:.+]] = arith.subi %[[ZERO]], %[[X]] : i32
// CHECK-NEXT:      linalg.yield %[[N]] : i32
func.func @neg_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.neg %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// 0-d tensors lower like any other rank.
// CHECK: #[[MAP:.+]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @abs_f64_scalar
// CHECK:         linalg.generic {indexing_maps = [#[[MAP]], #[[MAP]]], iterator_types = []}
// CHECK:         ^bb0(%[[X:.+]]: f64, %{{.+}}: f64):
// CHECK-NEXT:      %[[R:.+]] = math.absf %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
func.func @abs_f64_scalar(%a: tensor<f64>) -> tensor<f64> {
  %0 = kiln.abs %a : tensor<f64>
  return %0 : tensor<f64>
}

// -----

// CHECK-LABEL: func.func @abs_i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT:      %[[R:.+]] = math.absi %[[X]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
func.func @abs_i64(%a: tensor<4xi64>) -> tensor<4xi64> {
  %0 = kiln.abs %a : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @relu_f32
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[R:.+]] = arith.maximumf %[[X]], %[[ZERO]] fastmath<nsz> : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @relu_f32(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.relu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_i32
// CHECK:         ^bb0(%[[X:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[R:.+]] = arith.maxsi %[[X]], %[[ZERO]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
func.func @relu_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.relu %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @exp
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.exp %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @exp(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Math functions of f16 and bf16 are computed in f32.
// CHECK-LABEL: func.func @exp_f16
// CHECK:         ^bb0(%[[X:.+]]: f16, %{{.+}}: f16):
// CHECK-NEXT:      %[[W:.+]] = arith.extf %[[X]] : f16 to f32
// CHECK-NEXT:      %[[E:.+]] = math.exp %[[W]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.truncf %[[E]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[R]] : f16
func.func @exp_f16(%a: tensor<4xf16>) -> tensor<4xf16> {
  %0 = kiln.exp %a : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @log
// CHECK:         ^bb0(%[[X:.+]]: f64, %{{.+}}: f64):
// CHECK-NEXT:      %[[R:.+]] = math.log %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
func.func @log(%a: tensor<4xf64>) -> tensor<4xf64> {
  %0 = kiln.log %a : tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @sqrt
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.sqrt %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sqrt(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sqrt %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @rsqrt
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.rsqrt %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @rsqrt(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.rsqrt %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @tanh_bf16
// CHECK:         ^bb0(%[[X:.+]]: bf16, %{{.+}}: bf16):
// CHECK-NEXT:      %[[W:.+]] = arith.extf %[[X]] : bf16 to f32
// CHECK-NEXT:      %[[T:.+]] = math.tanh %[[W]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.truncf %[[T]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[R]] : bf16
func.func @tanh_bf16(%a: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = kiln.tanh %a : tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[NEG:.+]] = arith.negf %[[X]] : f32
// CHECK-NEXT:      %[[EXP:.+]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[DEN:.+]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @gelu
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[RSQRT2:.+]] = arith.constant 0.707106769 : f32
// CHECK-NEXT:      %[[S:.+]] = arith.mulf %[[X]], %[[RSQRT2]] : f32
// CHECK-NEXT:      %[[ERF:.+]] = math.erf %[[S]] : f32
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[SUM:.+]] = arith.addf %[[ONE]], %[[ERF]] : f32
// CHECK-NEXT:      %[[HALF:.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[HX:.+]] = arith.mulf %[[X]], %[[HALF]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.mulf %[[HX]], %[[SUM]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @gelu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.gelu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// silu(x) = x * sigmoid(x).
// CHECK-LABEL: func.func @silu
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[NEG:.+]] = arith.negf %[[X]] : f32
// CHECK-NEXT:      %[[EXP:.+]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[DEN:.+]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK-NEXT:      %[[SIG:.+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.mulf %[[X]], %[[SIG]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @silu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.silu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sin
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.sin %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sin(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sin %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cos
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.cos %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @cos(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.cos %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @erf
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.erf %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @erf(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.erf %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reciprocal
// CHECK:         ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[R:.+]] = arith.divf %[[ONE]], %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @reciprocal(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.reciprocal %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_f32(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x3xf32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[MAP]], #[[MAP]], #[[MAP]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @add_f32(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.add %a, %b : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %[[Y:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT:      %[[R:.+]] = arith.addi %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
func.func @add_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = kiln.add %a, %b : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @sub_f32
// CHECK:         ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.subf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sub_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sub %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sub_i32
// CHECK:         ^bb0(%[[X:.+]]: i32, %[[Y:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[R:.+]] = arith.subi %[[X]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
func.func @sub_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.sub %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @mul_f16
// CHECK:         ^bb0(%[[X:.+]]: f16, %[[Y:.+]]: f16, %{{.+}}: f16):
// CHECK-NEXT:      %[[R:.+]] = arith.mulf %[[X]], %[[Y]] : f16
// CHECK-NEXT:      linalg.yield %[[R]] : f16
func.func @mul_f16(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf16> {
  %0 = kiln.mul %a, %b : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @mul_i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %[[Y:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT:      %[[R:.+]] = arith.muli %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
func.func @mul_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = kiln.mul %a, %b : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @div_f32
// CHECK:         ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.divf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @div_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.div %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Integer division truncates (divsi); x / 0 gives 0 and INT_MIN / -1 gives
// INT_MIN, instead of trapping.
// CHECK-LABEL: func.func @div_i32
// CHECK:         ^bb0(%[[X:.+]]: i32, %[[Y:.+]]: i32, %{{.+}}: i32):
// CHECK-DAG:       %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-DAG:       %[[ONE:.+]] = arith.constant 1 : i32
// CHECK-DAG:       %[[MINUS1:.+]] = arith.constant -1 : i32
// CHECK-DAG:       %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK:           %[[BYZERO:.+]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i32
// CHECK:           %[[ISM1:.+]] = arith.cmpi eq, %[[Y]], %[[MINUS1]] : i32
// CHECK:           %[[ISMIN:.+]] = arith.cmpi eq, %[[X]], %[[MIN]] : i32
// CHECK:           %[[OVF:.+]] = arith.andi %[[ISMIN]], %[[ISM1]] : i1
// CHECK:           %[[UNSAFE:.+]] = arith.ori %[[BYZERO]], %[[OVF]] : i1
// CHECK:           %[[DIVISOR:.+]] = arith.select %[[UNSAFE]], %[[ONE]], %[[Y]] : i32
// CHECK:           %[[Q:.+]] = arith.divsi %[[X]], %[[DIVISOR]] : i32
// CHECK:           %[[W:.+]] = arith.select %[[OVF]], %[[MIN]], %[[Q]] : i32
// CHECK:           %[[R:.+]] = arith.select %[[BYZERO]], %[[ZERO]], %[[W]] : i32
// CHECK:           linalg.yield %[[R]] : i32
func.func @div_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.div %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK:         ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = math.powf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.pow %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @maximum_f32
// CHECK:         ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[R:.+]] = arith.maximumf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @maximum_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.maximum %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @maximum_i32
// CHECK:         ^bb0(%[[X:.+]]: i32, %[[Y:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[R:.+]] = arith.maxsi %[[X]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
func.func @maximum_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.maximum %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @minimum_f64
// CHECK:         ^bb0(%[[X:.+]]: f64, %[[Y:.+]]: f64, %{{.+}}: f64):
// CHECK-NEXT:      %[[R:.+]] = arith.minimumf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
func.func @minimum_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %0 = kiln.minimum %a, %b : tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @minimum_i64
// CHECK:         ^bb0(%[[X:.+]]: i64, %[[Y:.+]]: i64, %{{.+}}: i64):
// CHECK-NEXT:      %[[R:.+]] = arith.minsi %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
func.func @minimum_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = kiln.minimum %a, %b : tensor<4xi64>
  return %0 : tensor<4xi64>
}
