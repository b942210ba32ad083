// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// A reduction is a linalg.generic (elementwise fusion folds producers into
// it): reduced loops are "reduction" iterators the result map leaves out.
// CHECK-DAG: #[[ALL:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEPT:.+]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @reduce_sum_f32(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3x4xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<3xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<3xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ALL]], #[[KEPT]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%[[A]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<3xf32>)
// CHECK-NEXT:      ^bb0(%[[X:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:        %[[S:.+]] = arith.addf %[[X]], %[[ACC]] fastmath<reassoc> : f32
// CHECK-NEXT:        linalg.yield %[[S]] : f32
// CHECK:         return %[[R]] : tensor<3xf32>
func.func @reduce_sum_f32(%a: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = kiln.reduce_sum %a dims = [2, 0] : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_i64
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK:         linalg.fill ins(%[[ZERO]] : i64)
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%{{.+}} : tensor<5xi64>) outs(%{{.+}} : tensor<i64>)
// CHECK:           arith.addi %{{.+}}, %{{.+}} : i64
func.func @reduce_sum_i64(%a: tensor<5xi64>) -> tensor<i64> {
  %0 = kiln.reduce_sum %a dims = [0] : tensor<5xi64> -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Half-precision sums accumulate in f32 and round once at the end.
// CHECK: #[[MAP:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @reduce_sum_f16
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<2xf32>)
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<2x3xf16>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK-NEXT:      ^bb0(%[[X:.+]]: f16, %[[ACC:.+]]: f32):
// CHECK-NEXT:        %[[W:.+]] = arith.extf %[[X]] : f16 to f32
// CHECK-NEXT:        %[[S:.+]] = arith.addf %[[W]], %[[ACC]] fastmath<reassoc> : f32
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[MAP]], #[[MAP]]], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<2xf32>) outs(%{{.+}} : tensor<2xf16>)
// CHECK:           arith.truncf %{{.+}} : f32 to f16
// CHECK:         return %[[R]] : tensor<2xf16>
func.func @reduce_sum_f16(%a: tensor<2x3xf16>) -> tensor<2xf16> {
  %0 = kiln.reduce_sum %a dims = [1] : tensor<2x3xf16> -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// An empty set of dimensions reduces nothing.
// CHECK-LABEL: func.func @reduce_sum_no_dims(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[A]] : tensor<2x3xf32>
func.func @reduce_sum_no_dims(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.reduce_sum %a dims = [] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// max starts from -inf and propagates NaN (maximumf); the sign of a zero
// maximum is left open (nsz).
// CHECK-LABEL: func.func @reduce_max_f32
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         linalg.fill ins(%[[NEGINF]] : f32)
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<2x3xf32>) outs(%{{.+}} : tensor<2xf32>)
// CHECK-NEXT:      ^bb0(%[[X:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:        %[[M:.+]] = arith.maximumf %[[X]], %[[ACC]] fastmath<nsz> : f32
// CHECK-NEXT:        linalg.yield %[[M]] : f32
func.func @reduce_max_f32(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = kiln.reduce_max %a dims = [1] : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_max_i32
// CHECK:         %[[LOWEST:.+]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[LOWEST]] : i32)
// CHECK:         linalg.generic
// CHECK:           arith.maxsi %{{.+}}, %{{.+}} : i32
func.func @reduce_max_i32(%a: tensor<2x3xi32>) -> tensor<3xi32> {
  %0 = kiln.reduce_max %a dims = [0] : tensor<2x3xi32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @reduce_min_f64
// CHECK:         %[[INF:.+]] = arith.constant 0x7FF0000000000000 : f64
// CHECK:         linalg.fill ins(%[[INF]] : f64)
// CHECK:         linalg.generic
// CHECK:           arith.minimumf %{{.+}}, %{{.+}} fastmath<nsz> : f64
func.func @reduce_min_f64(%a: tensor<2x3xf64>) -> tensor<2xf64> {
  %0 = kiln.reduce_min %a dims = [1] : tensor<2x3xf64> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// CHECK-LABEL: func.func @reduce_min_i64
// CHECK:         %[[HIGHEST:.+]] = arith.constant 9223372036854775807 : i64
// CHECK:         linalg.fill ins(%[[HIGHEST]] : i64)
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:           arith.minsi %{{.+}}, %{{.+}} : i64
func.func @reduce_min_i64(%a: tensor<2x3xi64>) -> tensor<i64> {
  %0 = kiln.reduce_min %a dims = [1, 0] : tensor<2x3xi64> -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// argmax: one generic with two outputs (running maximum and its index),
// reducing `dim`. A later element replaces the maximum only when strictly
// greater, or when it is the first NaN: the first maximum wins.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @argmax_f32(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3x4xf32>)
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[VALS:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<2x4xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK:         %[[IDXS:.+]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.+}} : tensor<2x4xi64>)
// CHECK:         %[[R:.+]]:2 = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[A]] : tensor<2x3x4xf32>) outs(%[[VALS]], %[[IDXS]] : tensor<2x4xf32>, tensor<2x4xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: f32, %[[BEST:.+]]: f32, %[[BESTI:.+]]: i64):
// CHECK-NEXT:      %[[I:.+]] = linalg.index 1 : index
// CHECK-NEXT:      %[[II:.+]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT:      %[[GT:.+]] = arith.cmpf ogt, %[[X]], %[[BEST]] : f32
// CHECK-NEXT:      %[[XNAN:.+]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT:      %[[BNUM:.+]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK-NEXT:      %[[FIRSTNAN:.+]] = arith.andi %[[XNAN]], %[[BNUM]] : i1
// CHECK-NEXT:      %[[TAKE:.+]] = arith.ori %[[GT]], %[[FIRSTNAN]] : i1
// CHECK-NEXT:      %[[NB:.+]] = arith.select %[[TAKE]], %[[X]], %[[BEST]] : f32
// CHECK-NEXT:      %[[NI:.+]] = arith.select %[[TAKE]], %[[II]], %[[BESTI]] : i64
// CHECK-NEXT:      linalg.yield %[[NB]], %[[NI]] : f32, i64
// CHECK:         return %[[R]]#1 : tensor<2x4xi64>
func.func @argmax_f32(%a: tensor<2x3x4xf32>) -> tensor<2x4xi64> {
  %0 = kiln.argmax %a dim = 1 : tensor<2x3x4xf32> -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// -----

// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @argmax_i32
// CHECK:         %[[LOWEST:.+]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[LOWEST]] : i32) outs(%{{.+}} : tensor<3xi32>)
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[OUT]], #[[OUT]]], iterator_types = ["reduction", "parallel"]}
// CHECK:           %[[I:.+]] = linalg.index 0 : index
// CHECK:           %[[GT:.+]] = arith.cmpi sgt, %{{.+}}, %{{.+}} : i32
// CHECK-NEXT:      arith.select %[[GT]], %{{.+}}, %{{.+}} : i32
// CHECK-NEXT:      arith.select %[[GT]], %{{.+}}, %{{.+}} : i64
func.func @argmax_i32(%a: tensor<2x3xi32>) -> tensor<3xi64> {
  %0 = kiln.argmax %a dim = 0 : tensor<2x3xi32> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// A full reduction of 2^17 elements reduces 64 contiguous parts, then their
// 64 partial sums.
// CHECK-LABEL: func.func @split_full_sum(
// CHECK-SAME:    %[[A:.+]]: tensor<256x512xf32>)
// CHECK:         %[[FLAT:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<256x512xf32> into tensor<131072xf32>
// CHECK:         %[[PARTS:.+]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [64, 2048] : tensor<131072xf32> into tensor<64x2048xf32>
// CHECK:         %[[PARTIAL:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%[[PARTS]] : tensor<64x2048xf32>) outs(%{{.+}} : tensor<64xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[PARTIAL]] : tensor<64xf32>) outs(%{{.+}} : tensor<f32>)
// CHECK:         return %[[R]] : tensor<f32>
func.func @split_full_sum(%a: tensor<256x512xf32>) -> tensor<f32> {
  %0 = kiln.reduce_sum %a dims = [0, 1] : tensor<256x512xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
