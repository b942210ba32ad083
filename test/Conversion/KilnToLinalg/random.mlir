// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Counter-based generation: key = mix64(seed) once, then element i (row-major)
// is mix64(key + (i + 1) * golden), SplitMix64's finalizer being
// x ^= x >> 30; x *= 0xbf58476d1ce4e5b9; x ^= x >> 27; x *= 0x94d049bb133111eb;
// x ^= x >> 31.

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @random_uniform_f32(
// CHECK-SAME:    %[[SEED:.+]]: tensor<i64>)
// CHECK:         %[[S:.+]] = tensor.extract %[[SEED]][] : tensor<i64>
// CHECK:         %[[C30:.+]] = arith.constant 30 : i64
// CHECK:         %[[SH1:.+]] = arith.shrui %[[S]], %[[C30]] : i64
// CHECK:         %[[X1:.+]] = arith.xori %[[S]], %[[SH1]] : i64
// CHECK:         %[[M1:.+]] = arith.constant -4658895280553007687 : i64
// CHECK:         %[[P1:.+]] = arith.muli %[[X1]], %[[M1]] : i64
// CHECK:         %[[C27:.+]] = arith.constant 27 : i64
// CHECK:         %[[SH2:.+]] = arith.shrui %[[P1]], %[[C27]] : i64
// CHECK:         %[[X2:.+]] = arith.xori %[[P1]], %[[SH2]] : i64
// CHECK:         %[[M2:.+]] = arith.constant -7723592293110705685 : i64
// CHECK:         %[[P2:.+]] = arith.muli %[[X2]], %[[M2]] : i64
// CHECK:         %[[C31:.+]] = arith.constant 31 : i64
// CHECK:         %[[SH3:.+]] = arith.shrui %[[P2]], %[[C31]] : i64
// CHECK:         %[[KEY:.+]] = arith.xori %[[P2]], %[[SH3]] : i64
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[MAP]]], iterator_types = ["parallel", "parallel"]} outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%{{.+}}: f32):
// CHECK-NEXT:      %[[I0:.+]] = linalg.index 0 : index
// CHECK-NEXT:      %[[C3:.+]] = arith.constant 3 : index
// CHECK-NEXT:      %[[ROW:.+]] = arith.muli %[[I0]], %[[C3]] : index
// CHECK-NEXT:      %[[I1:.+]] = linalg.index 1 : index
// CHECK-NEXT:      %[[POS:.+]] = arith.addi %[[ROW]], %[[I1]] : index
// CHECK-NEXT:      %[[POS64:.+]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1 : i64
// CHECK-NEXT:      %[[NEXT:.+]] = arith.addi %[[POS64]], %[[ONE]] : i64
// CHECK-NEXT:      %[[GOLDEN:.+]] = arith.constant -7046029254386353131 : i64
// CHECK-NEXT:      %[[STEP:.+]] = arith.muli %[[NEXT]], %[[GOLDEN]] : i64
// CHECK-NEXT:      %[[STATE:.+]] = arith.addi %[[KEY]], %[[STEP]] : i64
// CHECK-NEXT:      arith.constant 30 : i64
// CHECK-NEXT:      %[[B1:.+]] = arith.shrui %[[STATE]], %{{.+}} : i64
// CHECK-NEXT:      %[[B2:.+]] = arith.xori %[[STATE]], %[[B1]] : i64
// CHECK-NEXT:      arith.constant -4658895280553007687 : i64
// CHECK-NEXT:      %[[B3:.+]] = arith.muli %[[B2]], %{{.+}} : i64
// CHECK-NEXT:      arith.constant 27 : i64
// CHECK-NEXT:      %[[B4:.+]] = arith.shrui %[[B3]], %{{.+}} : i64
// CHECK-NEXT:      %[[B5:.+]] = arith.xori %[[B3]], %[[B4]] : i64
// CHECK-NEXT:      arith.constant -7723592293110705685 : i64
// CHECK-NEXT:      %[[B6:.+]] = arith.muli %[[B5]], %{{.+}} : i64
// CHECK-NEXT:      arith.constant 31 : i64
// CHECK-NEXT:      %[[B7:.+]] = arith.shrui %[[B6]], %{{.+}} : i64
// CHECK-NEXT:      %[[H:.+]] = arith.xori %[[B6]], %[[B7]] : i64
// The top 24 bits, scaled by 2^-24: exactly representable, below 1.
// CHECK-NEXT:      %[[C40:.+]] = arith.constant 40 : i64
// CHECK-NEXT:      %[[TOP:.+]] = arith.shrui %[[H]], %[[C40]] : i64
// CHECK-NEXT:      %[[F:.+]] = arith.uitofp %[[TOP]] : i64 to f32
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 5.96046448E-8 : f32
// CHECK-NEXT:      %[[U:.+]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[U]] : f32
// CHECK:         return %[[R]]
func.func @random_uniform_f32(%seed: tensor<i64>) -> tensor<2x3xf32> {
  %0 = kiln.random_uniform %seed : tensor<i64> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// f64 takes the top 53 bits.
// CHECK-LABEL: func.func @random_uniform_f64
// CHECK:         linalg.generic
// CHECK:           %[[C11:.+]] = arith.constant 11 : i64
// CHECK-NEXT:      %[[TOP:.+]] = arith.shrui %{{.+}}, %[[C11]] : i64
// CHECK-NEXT:      %[[F:.+]] = arith.uitofp %[[TOP]] : i64 to f64
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 1.1102230246251565E-16 : f64
// CHECK-NEXT:      %[[U:.+]] = arith.mulf %[[F]], %[[SCALE]] : f64
// CHECK-NEXT:      linalg.yield %[[U]] : f64
func.func @random_uniform_f64(%seed: tensor<i64>) -> tensor<8xf64> {
  %0 = kiln.random_uniform %seed : tensor<i64> -> tensor<8xf64>
  return %0 : tensor<8xf64>
}

// -----

// f16 takes 11 bits (its significand), computed in f32 and truncated exactly,
// so that no value rounds up to 1.
// CHECK-LABEL: func.func @random_uniform_f16
// CHECK:         linalg.generic
// CHECK:           %[[C53:.+]] = arith.constant 53 : i64
// CHECK-NEXT:      %[[TOP:.+]] = arith.shrui %{{.+}}, %[[C53]] : i64
// CHECK-NEXT:      %[[F:.+]] = arith.uitofp %[[TOP]] : i64 to f32
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 4.8828125E-4 : f32
// CHECK-NEXT:      %[[U:.+]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-NEXT:      %[[H:.+]] = arith.truncf %[[U]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[H]] : f16
func.func @random_uniform_f16(%seed: tensor<i64>) -> tensor<8xf16> {
  %0 = kiln.random_uniform %seed : tensor<i64> -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// Box-Muller on draws 2i and 2i + 1: sqrt(-2 log(1 - u1)) * cos(2 pi u2).
// CHECK-LABEL: func.func @random_normal_bf16
// CHECK:         linalg.generic
// CHECK:           %[[POS:.+]] = arith.index_cast %{{.+}} : index to i64
// CHECK:           %[[TWO:.+]] = arith.constant 2 : i64
// CHECK-NEXT:      %[[FIRST:.+]] = arith.muli %[[POS]], %[[TWO]] : i64
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1 : i64
// CHECK-NEXT:      %[[SECOND:.+]] = arith.addi %[[FIRST]], %[[ONE]] : i64
// CHECK:           arith.addi %[[FIRST]], %{{.+}} : i64
// CHECK:           %[[U1:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK:           arith.addi %[[SECOND]], %{{.+}} : i64
// CHECK:           %[[U2:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK:           %[[C1:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[OPEN:.+]] = arith.subf %[[C1]], %[[U1]] : f32
// CHECK-NEXT:      %[[LOG:.+]] = math.log %[[OPEN]] : f32
// CHECK-NEXT:      %[[CM2:.+]] = arith.constant -2.000000e+00 : f32
// CHECK-NEXT:      %[[SQ:.+]] = arith.mulf %[[LOG]], %[[CM2]] : f32
// CHECK-NEXT:      %[[RADIUS:.+]] = math.sqrt %[[SQ]] : f32
// CHECK-NEXT:      %[[TWOPI:.+]] = arith.constant 6.28318548 : f32
// CHECK-NEXT:      %[[ANGLE:.+]] = arith.mulf %[[U2]], %[[TWOPI]] : f32
// CHECK-NEXT:      %[[COS:.+]] = math.cos %[[ANGLE]] : f32
// CHECK-NEXT:      %[[Z:.+]] = arith.mulf %[[RADIUS]], %[[COS]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.truncf %[[Z]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[R]] : bf16
func.func @random_normal_bf16(%seed: tensor<i64>) -> tensor<4xbf16> {
  %0 = kiln.random_normal %seed : tensor<i64> -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// A 0-d tensor's one element is at position 0.

// CHECK-LABEL: func.func @random_uniform_scalar(
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}], iterator_types = []}
// CHECK-NEXT:    ^bb0(%{{.+}}: f32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : index
// CHECK-NEXT:      arith.index_cast %[[ZERO]] : index to i64
func.func @random_uniform_scalar(%seed: tensor<i64>) -> tensor<f32> {
  %0 = kiln.random_uniform %seed : tensor<i64> -> tensor<f32>
  return %0 : tensor<f32>
}
