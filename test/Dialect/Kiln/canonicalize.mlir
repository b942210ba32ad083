// RUN: kiln-opt %s -canonicalize -split-input-file | FileCheck %s

// Every fold and pattern in KilnFolds.cpp, and the near misses that must
// survive canonicalization.

// Constants fold to themselves, so equal ones are deduplicated and unused
// ones erased.
// CHECK-LABEL: func.func @constant_dedup()
// CHECK-NEXT: %[[C:.+]] = kiln.constant dense<2.000000e+00> : tensor<2xf32>
// CHECK-NEXT: %[[S:.+]] = kiln.add %[[C]], %[[C]] : tensor<2xf32>
// CHECK-NEXT: return %[[S]]
func.func @constant_dedup() -> tensor<2xf32> {
  %0 = kiln.constant dense<2.0> : tensor<2xf32>
  %1 = kiln.constant dense<2.0> : tensor<2xf32>
  %unused = kiln.constant dense<[1, 2]> : tensor<2xi64>
  %2 = kiln.add %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}

// -----

// Equal values of different types stay apart.
// CHECK-LABEL: func.func @constant_types_differ()
// CHECK-DAG: kiln.constant dense<2.000000e+00> : tensor<2xf32>
// CHECK-DAG: kiln.constant dense<2.000000e+00> : tensor<2xf64>
func.func @constant_types_differ() -> (tensor<2xf32>, tensor<2xf64>) {
  %0 = kiln.constant dense<2.0> : tensor<2xf32>
  %1 = kiln.constant dense<2.0> : tensor<2xf64>
  return %0, %1 : tensor<2xf32>, tensor<2xf64>
}

// -----

// CHECK-LABEL: func.func @cast_same_type(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT: kiln.cast
// CHECK: return %[[X]] : tensor<2x3xf32>
func.func @cast_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.cast %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cast_other_type(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK: %[[C:.+]] = kiln.cast %[[X]] : tensor<2x3xf32> -> tensor<2x3xf16>
// CHECK: return %[[C]]
func.func @cast_other_type(%x: tensor<2x3xf32>) -> tensor<2x3xf16> {
  %0 = kiln.cast %x : tensor<2x3xf32> -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// CHECK-LABEL: func.func @neg_neg(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4xi32>
// CHECK-NOT: kiln.neg
// CHECK: return %[[X]] : tensor<4xi32>
func.func @neg_neg(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.neg %x : tensor<4xi32>
  %1 = kiln.neg %0 : tensor<4xi32>
  return %1 : tensor<4xi32>
}

// -----

// An odd number of negations leaves one.
// CHECK-LABEL: func.func @neg_neg_neg(
// CHECK-SAME: %[[X:[^:]+]]: tensor<f32>
// CHECK-NEXT: %[[N:.+]] = kiln.neg %[[X]] : tensor<f32>
// CHECK-NEXT: return %[[N]] : tensor<f32>
func.func @neg_neg_neg(%x: tensor<f32>) -> tensor<f32> {
  %0 = kiln.neg %x : tensor<f32>
  %1 = kiln.neg %0 : tensor<f32>
  %2 = kiln.neg %1 : tensor<f32>
  return %2 : tensor<f32>
}

// -----

// abs is not neg: abs(neg(x)) stays.
// CHECK-LABEL: func.func @abs_neg(
// CHECK: kiln.neg
// CHECK: kiln.abs
func.func @abs_neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  %1 = kiln.abs %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_same_type(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT: kiln.broadcast
// CHECK: return %[[X]] : tensor<2x3xf32>
func.func @broadcast_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.broadcast %x dims = [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_real(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3xf32>
// CHECK: %[[B:.+]] = kiln.broadcast %[[X]] dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
// CHECK: return %[[B]]
func.func @broadcast_real(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.broadcast %x dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Size-1 dimensions that grow are a real broadcast even at the same rank.
// CHECK-LABEL: func.func @broadcast_same_rank(
// CHECK: kiln.broadcast %{{.+}} dims = [0, 1] : tensor<1x3xf32> -> tensor<4x3xf32>
func.func @broadcast_same_rank(%x: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.broadcast %x dims = [0, 1] : tensor<1x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_splat()
// CHECK-NEXT: %[[C:.+]] = kiln.constant dense<1.500000e+00> : tensor<4x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @broadcast_splat() -> tensor<4x3xf32> {
  %0 = kiln.constant dense<1.5> : tensor<3xf32>
  %1 = kiln.broadcast %0 dims = [1] : tensor<3xf32> -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// A 0-d constant is a splat too; i1 splats keep their value.
// CHECK-LABEL: func.func @broadcast_scalar_splat()
// CHECK-DAG: %[[B:.+]] = kiln.constant dense<true> : tensor<2x2xi1>
// CHECK-DAG: %[[I:.+]] = kiln.constant dense<-7> : tensor<3xi64>
// CHECK: return %[[B]], %[[I]]
func.func @broadcast_scalar_splat() -> (tensor<2x2xi1>, tensor<3xi64>) {
  %0 = kiln.constant dense<true> : tensor<i1>
  %1 = kiln.broadcast %0 dims = [] : tensor<i1> -> tensor<2x2xi1>
  %2 = kiln.constant dense<-7> : tensor<i64>
  %3 = kiln.broadcast %2 dims = [] : tensor<i64> -> tensor<3xi64>
  return %1, %3 : tensor<2x2xi1>, tensor<3xi64>
}

// -----

// A constant with distinct elements is not folded into a bigger one.
// CHECK-LABEL: func.func @broadcast_non_splat()
// CHECK: %[[C:.+]] = kiln.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[B:.+]] = kiln.broadcast %[[C]] dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
// CHECK: return %[[B]]
func.func @broadcast_non_splat() -> tensor<2x3xf32> {
  %0 = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %1 = kiln.broadcast %0 dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Operand dim i goes to inner dim inner[i], then to outer[inner[i]]:
// [1, 2] then [0, 2, 3] compose to [2, 3].
// CHECK-LABEL: func.func @broadcast_broadcast(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x1xf32>
// CHECK-NEXT: %[[B:.+]] = kiln.broadcast %[[X]] dims = [2, 3] : tensor<3x1xf32> -> tensor<5x7x3x4xf32>
// CHECK-NEXT: return %[[B]]
func.func @broadcast_broadcast(%x: tensor<3x1xf32>) -> tensor<5x7x3x4xf32> {
  %0 = kiln.broadcast %x dims = [1, 2] : tensor<3x1xf32> -> tensor<5x3x1xf32>
  %1 = kiln.broadcast %0 dims = [0, 2, 3] : tensor<5x3x1xf32> -> tensor<5x7x3x4xf32>
  return %1 : tensor<5x7x3x4xf32>
}

// -----

// The inner broadcast stays while something else uses it.
// CHECK-LABEL: func.func @broadcast_broadcast_shared(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3xi32>
// CHECK-DAG: %[[INNER:.+]] = kiln.broadcast %[[X]] dims = [1] : tensor<3xi32> -> tensor<2x3xi32>
// CHECK-DAG: %[[OUTER:.+]] = kiln.broadcast %[[X]] dims = [2] : tensor<3xi32> -> tensor<4x2x3xi32>
// CHECK: return %[[INNER]], %[[OUTER]]
func.func @broadcast_broadcast_shared(%x: tensor<3xi32>)
    -> (tensor<2x3xi32>, tensor<4x2x3xi32>) {
  %0 = kiln.broadcast %x dims = [1] : tensor<3xi32> -> tensor<2x3xi32>
  %1 = kiln.broadcast %0 dims = [1, 2] : tensor<2x3xi32> -> tensor<4x2x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<4x2x3xi32>
}

// -----

// Composing with a broadcast that does nothing leaves one broadcast.
// CHECK-LABEL: func.func @broadcast_then_identity(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3xf16>
// CHECK-NEXT: %[[B:.+]] = kiln.broadcast %[[X]] dims = [1] : tensor<3xf16> -> tensor<2x3xf16>
// CHECK-NEXT: return %[[B]]
func.func @broadcast_then_identity(%x: tensor<3xf16>) -> tensor<2x3xf16> {
  %0 = kiln.broadcast %x dims = [1] : tensor<3xf16> -> tensor<2x3xf16>
  %1 = kiln.broadcast %0 dims = [0, 1] : tensor<2x3xf16> -> tensor<2x3xf16>
  return %1 : tensor<2x3xf16>
}

// -----

// CHECK-LABEL: func.func @reshape_same_type(
// CHECK-SAME: %[[X:[^:]+]]: tensor<6xbf16>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[X]] : tensor<6xbf16>
func.func @reshape_same_type(%x: tensor<6xbf16>) -> tensor<6xbf16> {
  %0 = kiln.reshape %x : tensor<6xbf16> -> tensor<6xbf16>
  return %0 : tensor<6xbf16>
}

// -----

// CHECK-LABEL: func.func @reshape_reshape(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xf32>
// CHECK-NEXT: %[[R:.+]] = kiln.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = kiln.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = kiln.reshape %0 : tensor<24xf32> -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// Reshaping there and back is the identity.
// CHECK-LABEL: func.func @reshape_round_trip(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xi64>
// CHECK-NOT: kiln.reshape
// CHECK: return %[[X]] : tensor<2x3xi64>
func.func @reshape_round_trip(%x: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %0 = kiln.reshape %x : tensor<2x3xi64> -> tensor<6xi64>
  %1 = kiln.reshape %0 : tensor<6xi64> -> tensor<3x2xi64>
  %2 = kiln.reshape %1 : tensor<3x2xi64> -> tensor<2x3xi64>
  return %2 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_real(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK: %[[R:.+]] = kiln.reshape %[[X]] : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK: return %[[R]]
func.func @reshape_real(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = kiln.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_splat()
// CHECK-NEXT: %[[C:.+]] = kiln.constant dense<3> : tensor<2x3xi32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_splat() -> tensor<2x3xi32> {
  %0 = kiln.constant dense<3> : tensor<6xi32>
  %1 = kiln.reshape %0 : tensor<6xi32> -> tensor<2x3xi32>
  return %1 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_non_splat()
// CHECK: %[[C:.+]] = kiln.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
// CHECK: %[[R:.+]] = kiln.reshape %[[C]] : tensor<4xi32> -> tensor<2x2xi32>
// CHECK: return %[[R]]
func.func @reshape_non_splat() -> tensor<2x2xi32> {
  %0 = kiln.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %1 = kiln.reshape %0 : tensor<4xi32> -> tensor<2x2xi32>
  return %1 : tensor<2x2xi32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[X]] : tensor<2x3xf32>
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.transpose %x permutation = [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Swapping two dimensions of equal size keeps the type but is no identity.
// CHECK-LABEL: func.func @transpose_square(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x3xf32>
// CHECK: %[[T:.+]] = kiln.transpose %[[X]] permutation = [1, 0] : tensor<3x3xf32> -> tensor<3x3xf32>
// CHECK: return %[[T]]
func.func @transpose_square(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = kiln.transpose %x permutation = [1, 0] : tensor<3x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_transpose_identity(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %[[X]] : tensor<2x3x4xf32>
func.func @transpose_transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = kiln.transpose %x permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = kiln.transpose %0 permutation = [2, 0, 1] : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Result dim i is inner dim outer[i], which is source dim inner[outer[i]]:
// [1, 2, 0] then [1, 0, 2] compose to [2, 1, 0].
// CHECK-LABEL: func.func @transpose_transpose(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xf32>
// CHECK-NEXT: %[[T:.+]] = kiln.transpose %[[X]] permutation = [2, 1, 0] : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = kiln.transpose %x permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = kiln.transpose %0 permutation = [1, 0, 2] : tensor<3x4x2xf32> -> tensor<4x3x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// [1, 0, 2], [0, 2, 1] and [2, 0, 1] compose to the identity, which leaves
// the last transpose on %x; the first one stays for its other use.
// CHECK-LABEL: func.func @transpose_chain_shared(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xi1>
// CHECK-DAG: %[[INNER:.+]] = kiln.transpose %[[X]] permutation = [1, 0, 2] : tensor<2x3x4xi1> -> tensor<3x2x4xi1>
// CHECK-DAG: %[[OUTER:.+]] = kiln.transpose %[[X]] permutation = [1, 2, 0] : tensor<2x3x4xi1> -> tensor<3x4x2xi1>
// CHECK: return %[[INNER]], %[[OUTER]]
func.func @transpose_chain_shared(%x: tensor<2x3x4xi1>)
    -> (tensor<3x2x4xi1>, tensor<3x4x2xi1>) {
  %0 = kiln.transpose %x permutation = [1, 0, 2] : tensor<2x3x4xi1> -> tensor<3x2x4xi1>
  %1 = kiln.transpose %0 permutation = [0, 2, 1] : tensor<3x2x4xi1> -> tensor<3x4x2xi1>
  %2 = kiln.transpose %1 permutation = [2, 0, 1] : tensor<3x4x2xi1> -> tensor<2x3x4xi1>
  %3 = kiln.transpose %2 permutation = [1, 2, 0] : tensor<2x3x4xi1> -> tensor<3x4x2xi1>
  return %0, %3 : tensor<3x2x4xi1>, tensor<3x4x2xi1>
}

// -----

// CHECK-LABEL: func.func @transpose_splat()
// CHECK-NEXT: %[[C:.+]] = kiln.constant dense<0.000000e+00> : tensor<3x2xf64>
// CHECK-NEXT: return %[[C]]
func.func @transpose_splat() -> tensor<3x2xf64> {
  %0 = kiln.constant dense<0.0> : tensor<2x3xf64>
  %1 = kiln.transpose %0 permutation = [1, 0] : tensor<2x3xf64> -> tensor<3x2xf64>
  return %1 : tensor<3x2xf64>
}

// -----

// CHECK-LABEL: func.func @transpose_non_splat()
// CHECK: %[[C:.+]] = kiln.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
// CHECK: %[[T:.+]] = kiln.transpose %[[C]] permutation = [1, 0] : tensor<2x2xi64> -> tensor<2x2xi64>
// CHECK: return %[[T]]
func.func @transpose_non_splat() -> tensor<2x2xi64> {
  %0 = kiln.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = kiln.transpose %0 permutation = [1, 0] : tensor<2x2xi64> -> tensor<2x2xi64>
  return %1 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func.func @slice_full(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x5xf32>
// CHECK-NOT: kiln.slice
// CHECK: return %[[X]] : tensor<4x5xf32>
func.func @slice_full(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %0 = kiln.slice %x start = [0, 0] limit = [4, 5] strides = [1, 1] : tensor<4x5xf32> -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Over the whole range but every other row: not the operand.
// CHECK-LABEL: func.func @slice_full_range_strided(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x5xf32>
// CHECK: %[[S:.+]] = kiln.slice %[[X]] start = [0, 0] limit = [4, 5] strides = [2, 1] : tensor<4x5xf32> -> tensor<2x5xf32>
// CHECK: return %[[S]]
func.func @slice_full_range_strided(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  %0 = kiln.slice %x start = [0, 0] limit = [4, 5] strides = [2, 1] : tensor<4x5xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @slice_partial(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x5xf32>
// CHECK: %[[S:.+]] = kiln.slice %[[X]] start = [1, 0] limit = [3, 5] strides = [1, 1] : tensor<4x5xf32> -> tensor<2x5xf32>
// CHECK: return %[[S]]
func.func @slice_partial(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  %0 = kiln.slice %x start = [1, 0] limit = [3, 5] strides = [1, 1] : tensor<4x5xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xi32>
// CHECK-NOT: kiln.concat
// CHECK: return %[[X]] : tensor<2x3xi32>
func.func @concat_single(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = kiln.concat %x dim = 1 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @concat_two(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xi32>
// CHECK: %[[C:.+]] = kiln.concat %[[X]], %[[X]] dim = 1 : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x6xi32>
// CHECK: return %[[C]]
func.func @concat_two(%x: tensor<2x3xi32>) -> tensor<2x6xi32> {
  %0 = kiln.concat %x, %x dim = 1 : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x6xi32>
  return %0 : tensor<2x6xi32>
}

// -----

// The folds chain: a traced graph's redundant ops all disappear.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NEXT: %[[C:.+]] = kiln.constant dense<1.000000e+00> : tensor<2x3xf32>
// CHECK-NEXT: %[[S:.+]] = kiln.add %[[X]], %[[C]] : tensor<2x3xf32>
// CHECK-NEXT: return %[[S]]
func.func @chain(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %b = kiln.broadcast %one dims = [] : tensor<f32> -> tensor<3x2xf32>
  %t = kiln.transpose %b permutation = [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  %c = kiln.cast %t : tensor<2x3xf32> -> tensor<2x3xf32>
  %r = kiln.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %r2 = kiln.reshape %r : tensor<6xf32> -> tensor<2x3xf32>
  %n = kiln.neg %r2 : tensor<2x3xf32>
  %nn = kiln.neg %n : tensor<2x3xf32>
  %s = kiln.slice %nn start = [0, 0] limit = [2, 3] strides = [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  %cat = kiln.concat %s dim = 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %sum = kiln.add %cat, %c : tensor<2x3xf32>
  return %sum : tensor<2x3xf32>
}

// -----

// A weight's gradient, transpose(transpose(x) @ dy), becomes
// transpose(dy) @ x: a copy of dy (32x64) instead of x and the result.
// CHECK-LABEL: func.func @transpose_of_matmul(
// CHECK-SAME: %[[X:[^:]+]]: tensor<32x128xf32>, %[[DY:[^:]+]]: tensor<32x64xf32>
// CHECK-NEXT: %[[DYT:.+]] = kiln.transpose %[[DY]] permutation = [1, 0] : tensor<32x64xf32> -> tensor<64x32xf32>
// CHECK-NEXT: %[[W:.+]] = kiln.matmul %[[DYT]], %[[X]] : tensor<64x32xf32>, tensor<32x128xf32> -> tensor<64x128xf32>
// CHECK-NEXT: return %[[W]]
func.func @transpose_of_matmul(%x: tensor<32x128xf32>, %dy: tensor<32x64xf32>) -> tensor<64x128xf32> {
  %0 = kiln.transpose %x permutation = [1, 0] : tensor<32x128xf32> -> tensor<128x32xf32>
  %1 = kiln.matmul %0, %dy : tensor<128x32xf32>, tensor<32x64xf32> -> tensor<128x64xf32>
  %2 = kiln.transpose %1 permutation = [1, 0] : tensor<128x64xf32> -> tensor<64x128xf32>
  return %2 : tensor<64x128xf32>
}

// -----

// Batched: only the matrix dimensions swap.
// CHECK-LABEL: func.func @transpose_of_batched_matmul(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x8x16xf32>, %[[B:[^:]+]]: tensor<2x8x3xf32>
// CHECK: %[[BT:.+]] = kiln.transpose %[[B]] permutation = [0, 2, 1]
// CHECK: kiln.matmul %[[BT]], %[[A]] : tensor<2x3x8xf32>, tensor<2x8x16xf32> -> tensor<2x3x16xf32>
func.func @transpose_of_batched_matmul(%a: tensor<2x8x16xf32>, %b: tensor<2x8x3xf32>) -> tensor<2x3x16xf32> {
  %0 = kiln.transpose %a permutation = [0, 2, 1] : tensor<2x8x16xf32> -> tensor<2x16x8xf32>
  %1 = kiln.matmul %0, %b : tensor<2x16x8xf32>, tensor<2x8x3xf32> -> tensor<2x16x3xf32>
  %2 = kiln.transpose %1 permutation = [0, 2, 1] : tensor<2x16x3xf32> -> tensor<2x3x16xf32>
  return %2 : tensor<2x3x16xf32>
}

// -----

// Left alone: transposing both operands copies more than the result; a
// product used elsewhere would be computed twice; a permutation that moves
// a batch dimension is no matrix transpose.
// CHECK-LABEL: func.func @transpose_of_matmul_kept(
// CHECK-COUNT-3: kiln.matmul
// CHECK-NOT: kiln.matmul
func.func @transpose_of_matmul_kept(%a: tensor<64x64xf32>, %b: tensor<64x4xf32>, %c: tensor<2x8x4xf32>, %d: tensor<2x4x8xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>, tensor<64x4xf32>, tensor<8x8x2xf32>) {
  %0 = kiln.matmul %a, %b : tensor<64x64xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  %1 = kiln.transpose %0 permutation = [1, 0] : tensor<64x4xf32> -> tensor<4x64xf32>
  %2 = kiln.transpose %b permutation = [1, 0] : tensor<64x4xf32> -> tensor<4x64xf32>
  %3 = kiln.matmul %2, %a : tensor<4x64xf32>, tensor<64x64xf32> -> tensor<4x64xf32>
  %4 = kiln.transpose %3 permutation = [1, 0] : tensor<4x64xf32> -> tensor<64x4xf32>
  %5 = kiln.matmul %c, %d : tensor<2x8x4xf32>, tensor<2x4x8xf32> -> tensor<2x8x8xf32>
  %6 = kiln.transpose %5 permutation = [1, 2, 0] : tensor<2x8x8xf32> -> tensor<8x8x2xf32>
  return %1, %3, %4, %6 : tensor<4x64xf32>, tensor<4x64xf32>, tensor<64x4xf32>, tensor<8x8x2xf32>
}

// -----

// A linear layer's x @ transpose(W) becomes transpose(W @ transpose(x)):
// copies of x (32x128) and the result (32x64), not of W (64x128).
// CHECK-LABEL: func.func @matmul_of_transposed_weight(
// CHECK-SAME: %[[X:[^:]+]]: tensor<32x128xf32>, %[[W:[^:]+]]: tensor<512x128xf32>
// CHECK-NEXT: %[[XT:.+]] = kiln.transpose %[[X]] permutation = [1, 0] : tensor<32x128xf32> -> tensor<128x32xf32>
// CHECK-NEXT: %[[P:.+]] = kiln.matmul %[[W]], %[[XT]] : tensor<512x128xf32>, tensor<128x32xf32> -> tensor<512x32xf32>
// CHECK-NEXT: %[[Y:.+]] = kiln.transpose %[[P]] permutation = [1, 0] : tensor<512x32xf32> -> tensor<32x512xf32>
// CHECK-NEXT: return %[[Y]]
func.func @matmul_of_transposed_weight(%x: tensor<32x128xf32>, %w: tensor<512x128xf32>) -> tensor<32x512xf32> {
  %0 = kiln.transpose %w permutation = [1, 0] : tensor<512x128xf32> -> tensor<128x512xf32>
  %1 = kiln.matmul %x, %0 : tensor<32x128xf32>, tensor<128x512xf32> -> tensor<32x512xf32>
  return %1 : tensor<32x512xf32>
}

// -----

// Kept where it would copy more: x and the result (32x64 + 32x8) outweigh
// W (8x64), which stays the one transposed.
// CHECK-LABEL: func.func @matmul_of_transposed_small_weight(
// CHECK: kiln.transpose %{{.+}} permutation = [1, 0] : tensor<8x64xf32> -> tensor<64x8xf32>
// CHECK-NEXT: kiln.matmul
// CHECK-NEXT: return
func.func @matmul_of_transposed_small_weight(%x: tensor<32x64xf32>, %w: tensor<8x64xf32>) -> tensor<32x8xf32> {
  %0 = kiln.transpose %w permutation = [1, 0] : tensor<8x64xf32> -> tensor<64x8xf32>
  %1 = kiln.matmul %x, %0 : tensor<32x64xf32>, tensor<64x8xf32> -> tensor<32x8xf32>
  return %1 : tensor<32x8xf32>
}

// -----

// Both operands transposed: the rewrites settle on one product without
// transposes, b @ a, rather than undoing each other.
// CHECK-LABEL: func.func @matmul_of_two_transposes(
// CHECK-SAME: %[[A:[^:]+]]: tensor<64x16xf32>, %[[B:[^:]+]]: tensor<512x64xf32>
// CHECK-NEXT: %[[P:.+]] = kiln.matmul %[[B]], %[[A]]
// CHECK-NEXT: return %[[P]]
func.func @matmul_of_two_transposes(%a: tensor<64x16xf32>, %b: tensor<512x64xf32>) -> tensor<512x16xf32> {
  %0 = kiln.transpose %a permutation = [1, 0] : tensor<64x16xf32> -> tensor<16x64xf32>
  %1 = kiln.transpose %b permutation = [1, 0] : tensor<512x64xf32> -> tensor<64x512xf32>
  %2 = kiln.matmul %0, %1 : tensor<16x64xf32>, tensor<64x512xf32> -> tensor<16x512xf32>
  %3 = kiln.transpose %2 permutation = [1, 0] : tensor<16x512xf32> -> tensor<512x16xf32>
  return %3 : tensor<512x16xf32>
}

// -----

// A transposed weight that something else reads too stays copied, so the
// product keeps it rather than adding copies of x and the result.
// CHECK-LABEL: func.func @matmul_of_shared_transposed_weight(
// CHECK: %[[WT:.+]] = kiln.transpose
// CHECK-NEXT: %[[Y:.+]] = kiln.matmul %{{.+}}, %[[WT]] : tensor<32x128xf32>, tensor<128x512xf32> -> tensor<32x512xf32>
// CHECK-NEXT: return %[[Y]], %[[WT]]
func.func @matmul_of_shared_transposed_weight(%x: tensor<32x128xf32>, %w: tensor<512x128xf32>) -> (tensor<32x512xf32>, tensor<128x512xf32>) {
  %0 = kiln.transpose %w permutation = [1, 0] : tensor<512x128xf32> -> tensor<128x512xf32>
  %1 = kiln.matmul %x, %0 : tensor<32x128xf32>, tensor<128x512xf32> -> tensor<32x512xf32>
  return %1, %0 : tensor<32x512xf32>, tensor<128x512xf32>
}

// -----

// A product over an empty contraction dimension is zeros.
// CHECK-LABEL: func.func @matmul_over_nothing
// CHECK: %[[ZEROS:.+]] = kiln.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK-NOT: kiln.matmul
// CHECK: return %[[ZEROS]]
func.func @matmul_over_nothing(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.matmul %a, %b : tensor<2x0xf32>, tensor<0x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer products too; a product with rows or columns but no empty
// contraction stays.
// CHECK-LABEL: func.func @integer_matmul_over_nothing
// CHECK: kiln.constant dense<0> : tensor<4x2x5xi64>
// CHECK: kiln.matmul %{{.+}}, %{{.+}} : tensor<0x3xf32>, tensor<3x2xf32> -> tensor<0x2xf32>
func.func @integer_matmul_over_nothing(%a: tensor<4x2x0xi64>, %b: tensor<4x0x5xi64>, %c: tensor<0x3xf32>, %d: tensor<3x2xf32>) -> (tensor<4x2x5xi64>, tensor<0x2xf32>) {
  %0 = kiln.matmul %a, %b : tensor<4x2x0xi64>, tensor<4x0x5xi64> -> tensor<4x2x5xi64>
  %1 = kiln.matmul %c, %d : tensor<0x3xf32>, tensor<3x2xf32> -> tensor<0x2xf32>
  return %0, %1 : tensor<4x2x5xi64>, tensor<0x2xf32>
}
