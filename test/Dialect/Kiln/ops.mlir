// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Every kiln op must print in a form that parses back to the same op, from
// both the custom and the generic syntax.

//===----------------------------------------------------------------------===//
// Creation and conversion.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constants()
func.func @constants() -> (tensor<2x3xf32>, tensor<f64>, tensor<4xf16>,
                           tensor<2xbf16>, tensor<3xi64>, tensor<i32>,
                           tensor<2x2xi1>, tensor<0x3xf32>) {
  // CHECK: kiln.constant dense<1.500000e+00> : tensor<2x3xf32>
  %0 = kiln.constant dense<1.5> : tensor<2x3xf32>
  // CHECK: kiln.constant dense<-2.500000e-01> : tensor<f64>
  %1 = kiln.constant dense<-0.25> : tensor<f64>
  // CHECK: kiln.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf16>
  %2 = kiln.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf16>
  // CHECK: kiln.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xbf16>
  %3 = kiln.constant dense<[0.5, 2.0]> : tensor<2xbf16>
  // CHECK: kiln.constant dense<[1, -2, 3]> : tensor<3xi64>
  %4 = kiln.constant dense<[1, -2, 3]> : tensor<3xi64>
  // CHECK: kiln.constant dense<7> : tensor<i32>
  %5 = kiln.constant dense<7> : tensor<i32>
  // CHECK: kiln.constant dense<{{\[}}[true, false], [false, true]]> : tensor<2x2xi1>
  %6 = kiln.constant dense<[[true, false], [false, true]]> : tensor<2x2xi1>
  // CHECK: kiln.constant dense<> : tensor<0x3xf32>
  %7 = kiln.constant dense<> : tensor<0x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<2x3xf32>, tensor<f64>, tensor<4xf16>, tensor<2xbf16>,
        tensor<3xi64>, tensor<i32>, tensor<2x2xi1>, tensor<0x3xf32>
}

// CHECK-LABEL: func.func @iota()
func.func @iota() -> (tensor<4xi64>, tensor<2x3xf32>, tensor<2x3xi32>) {
  // CHECK: kiln.iota dim = 0 : tensor<4xi64>
  %0 = kiln.iota dim = 0 : tensor<4xi64>
  // CHECK: kiln.iota dim = 1 : tensor<2x3xf32>
  %1 = kiln.iota dim = 1 : tensor<2x3xf32>
  // CHECK: kiln.iota dim = 0 : tensor<2x3xi32>
  %2 = kiln.iota dim = 0 : tensor<2x3xi32>
  return %0, %1, %2 : tensor<4xi64>, tensor<2x3xf32>, tensor<2x3xi32>
}

// CHECK-LABEL: func.func @cast(
// CHECK-SAME: %[[F:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x3xi1>, %[[S:[^:]+]]: tensor<bf16>
func.func @cast(%f: tensor<2x3xf32>, %b: tensor<2x3xi1>, %s: tensor<bf16>)
    -> (tensor<2x3xi32>, tensor<2x3xf64>, tensor<f16>, tensor<2x3xf32>) {
  // CHECK: kiln.cast %[[F]] : tensor<2x3xf32> -> tensor<2x3xi32>
  %0 = kiln.cast %f : tensor<2x3xf32> -> tensor<2x3xi32>
  // CHECK: kiln.cast %[[B]] : tensor<2x3xi1> -> tensor<2x3xf64>
  %1 = kiln.cast %b : tensor<2x3xi1> -> tensor<2x3xf64>
  // CHECK: kiln.cast %[[S]] : tensor<bf16> -> tensor<f16>
  %2 = kiln.cast %s : tensor<bf16> -> tensor<f16>
  // CHECK: kiln.cast %[[F]] : tensor<2x3xf32> -> tensor<2x3xf32>
  %3 = kiln.cast %f : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3
      : tensor<2x3xi32>, tensor<2x3xf64>, tensor<f16>, tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @numeric_unary(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4xi64>, %[[Y:[^:]+]]: tensor<i32>, %[[Z:[^:]+]]: tensor<2x2xbf16>
func.func @numeric_unary(%x: tensor<4xi64>, %y: tensor<i32>,
                         %z: tensor<2x2xbf16>)
    -> (tensor<4xi64>, tensor<i32>, tensor<2x2xbf16>) {
  // CHECK: %[[N:.+]] = kiln.neg %[[X]] : tensor<4xi64>
  // CHECK: kiln.abs %[[N]] : tensor<4xi64>
  %0 = kiln.neg %x : tensor<4xi64>
  %1 = kiln.abs %0 : tensor<4xi64>
  // CHECK: kiln.relu %[[Y]] : tensor<i32>
  %2 = kiln.relu %y : tensor<i32>
  // CHECK: kiln.neg %[[Z]] : tensor<2x2xbf16>
  %3 = kiln.neg %z : tensor<2x2xbf16>
  return %1, %2, %3 : tensor<4xi64>, tensor<i32>, tensor<2x2xbf16>
}

// CHECK-LABEL: func.func @float_unary(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>
func.func @float_unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[V0:.+]] = kiln.exp %[[X]] : tensor<2x3xf32>
  // CHECK: %[[V1:.+]] = kiln.log %[[V0]] : tensor<2x3xf32>
  // CHECK: %[[V2:.+]] = kiln.sqrt %[[V1]] : tensor<2x3xf32>
  // CHECK: %[[V3:.+]] = kiln.rsqrt %[[V2]] : tensor<2x3xf32>
  // CHECK: %[[V4:.+]] = kiln.tanh %[[V3]] : tensor<2x3xf32>
  // CHECK: %[[V5:.+]] = kiln.sigmoid %[[V4]] : tensor<2x3xf32>
  // CHECK: %[[V6:.+]] = kiln.gelu %[[V5]] : tensor<2x3xf32>
  // CHECK: %[[V7:.+]] = kiln.silu %[[V6]] : tensor<2x3xf32>
  // CHECK: %[[V8:.+]] = kiln.sin %[[V7]] : tensor<2x3xf32>
  // CHECK: %[[V9:.+]] = kiln.cos %[[V8]] : tensor<2x3xf32>
  // CHECK: %[[V10:.+]] = kiln.erf %[[V9]] : tensor<2x3xf32>
  // CHECK: %[[V11:.+]] = kiln.reciprocal %[[V10]] : tensor<2x3xf32>
  // CHECK: return %[[V11]] : tensor<2x3xf32>
  %0 = kiln.exp %x : tensor<2x3xf32>
  %1 = kiln.log %0 : tensor<2x3xf32>
  %2 = kiln.sqrt %1 : tensor<2x3xf32>
  %3 = kiln.rsqrt %2 : tensor<2x3xf32>
  %4 = kiln.tanh %3 : tensor<2x3xf32>
  %5 = kiln.sigmoid %4 : tensor<2x3xf32>
  %6 = kiln.gelu %5 : tensor<2x3xf32>
  %7 = kiln.silu %6 : tensor<2x3xf32>
  %8 = kiln.sin %7 : tensor<2x3xf32>
  %9 = kiln.cos %8 : tensor<2x3xf32>
  %10 = kiln.erf %9 : tensor<2x3xf32>
  %11 = kiln.reciprocal %10 : tensor<2x3xf32>
  return %11 : tensor<2x3xf32>
}

// Float-only ops accept every float type, including 0-d tensors.
// CHECK-LABEL: func.func @float_unary_types(
func.func @float_unary_types(%a: tensor<f64>, %b: tensor<3xf16>,
                             %c: tensor<1x1xbf16>)
    -> (tensor<f64>, tensor<3xf16>, tensor<1x1xbf16>) {
  // CHECK: kiln.exp %{{.+}} : tensor<f64>
  %0 = kiln.exp %a : tensor<f64>
  // CHECK: kiln.tanh %{{.+}} : tensor<3xf16>
  %1 = kiln.tanh %b : tensor<3xf16>
  // CHECK: kiln.gelu %{{.+}} : tensor<1x1xbf16>
  %2 = kiln.gelu %c : tensor<1x1xbf16>
  return %0, %1, %2 : tensor<f64>, tensor<3xf16>, tensor<1x1xbf16>
}

// CHECK-LABEL: func.func @binary(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x3xf32>, %[[I:[^:]+]]: tensor<4xi32>, %[[J:[^:]+]]: tensor<4xi32>, %[[D:[^:]+]]: tensor<f64>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %i: tensor<4xi32>,
                  %j: tensor<4xi32>, %d: tensor<f64>)
    -> (tensor<2x3xf32>, tensor<4xi32>, tensor<f64>) {
  // CHECK: %[[V0:.+]] = kiln.add %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK: %[[V1:.+]] = kiln.sub %[[V0]], %[[B]] : tensor<2x3xf32>
  // CHECK: %[[V2:.+]] = kiln.mul %[[V1]], %[[A]] : tensor<2x3xf32>
  // CHECK: %[[V3:.+]] = kiln.div %[[V2]], %[[B]] : tensor<2x3xf32>
  // CHECK: %[[V4:.+]] = kiln.pow %[[V3]], %[[A]] : tensor<2x3xf32>
  // CHECK: %[[V5:.+]] = kiln.maximum %[[V4]], %[[B]] : tensor<2x3xf32>
  // CHECK: %[[V6:.+]] = kiln.minimum %[[V5]], %[[A]] : tensor<2x3xf32>
  %0 = kiln.add %a, %b : tensor<2x3xf32>
  %1 = kiln.sub %0, %b : tensor<2x3xf32>
  %2 = kiln.mul %1, %a : tensor<2x3xf32>
  %3 = kiln.div %2, %b : tensor<2x3xf32>
  %4 = kiln.pow %3, %a : tensor<2x3xf32>
  %5 = kiln.maximum %4, %b : tensor<2x3xf32>
  %6 = kiln.minimum %5, %a : tensor<2x3xf32>
  // CHECK: %[[W0:.+]] = kiln.add %[[I]], %[[J]] : tensor<4xi32>
  // CHECK: %[[W1:.+]] = kiln.sub %[[W0]], %[[J]] : tensor<4xi32>
  // CHECK: %[[W2:.+]] = kiln.mul %[[W1]], %[[I]] : tensor<4xi32>
  // CHECK: %[[W3:.+]] = kiln.div %[[W2]], %[[J]] : tensor<4xi32>
  // CHECK: %[[W4:.+]] = kiln.maximum %[[W3]], %[[I]] : tensor<4xi32>
  // CHECK: %[[W5:.+]] = kiln.minimum %[[W4]], %[[J]] : tensor<4xi32>
  %7 = kiln.add %i, %j : tensor<4xi32>
  %8 = kiln.sub %7, %j : tensor<4xi32>
  %9 = kiln.mul %8, %i : tensor<4xi32>
  %10 = kiln.div %9, %j : tensor<4xi32>
  %11 = kiln.maximum %10, %i : tensor<4xi32>
  %12 = kiln.minimum %11, %j : tensor<4xi32>
  // CHECK: %[[P:.+]] = kiln.pow %[[D]], %[[D]] : tensor<f64>
  %13 = kiln.pow %d, %d : tensor<f64>
  // CHECK: return %[[V6]], %[[W5]], %[[P]]
  return %6, %12, %13 : tensor<2x3xf32>, tensor<4xi32>, tensor<f64>
}

// CHECK-LABEL: func.func @compare(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x3xf32>, %[[I:[^:]+]]: tensor<i64>
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %i: tensor<i64>)
    -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>,
        tensor<2x3xi1>, tensor<2x3xi1>, tensor<i1>) {
  // CHECK: kiln.compare eq, %[[A]], %[[B]] : tensor<2x3xf32>
  %0 = kiln.compare eq, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare ne, %[[A]], %[[B]] : tensor<2x3xf32>
  %1 = kiln.compare ne, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare lt, %[[A]], %[[B]] : tensor<2x3xf32>
  %2 = kiln.compare lt, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare le, %[[A]], %[[B]] : tensor<2x3xf32>
  %3 = kiln.compare le, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare gt, %[[A]], %[[B]] : tensor<2x3xf32>
  %4 = kiln.compare gt, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare ge, %[[A]], %[[B]] : tensor<2x3xf32>
  %5 = kiln.compare ge, %a, %b : tensor<2x3xf32>
  // CHECK: kiln.compare lt, %[[I]], %[[I]] : tensor<i64>
  %6 = kiln.compare lt, %i, %i : tensor<i64>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>,
        tensor<2x3xi1>, tensor<2x3xi1>, tensor<i1>
}

// CHECK-LABEL: func.func @select(
// CHECK-SAME: %[[C:[^:]+]]: tensor<2x3xi1>, %[[T:[^:]+]]: tensor<2x3xf16>, %[[F:[^:]+]]: tensor<2x3xf16>, %[[P:[^:]+]]: tensor<i1>
func.func @select(%c: tensor<2x3xi1>, %t: tensor<2x3xf16>, %f: tensor<2x3xf16>,
                  %p: tensor<i1>) -> (tensor<2x3xf16>, tensor<i1>) {
  // CHECK: kiln.select %[[C]], %[[T]], %[[F]] : tensor<2x3xi1>, tensor<2x3xf16>
  %0 = kiln.select %c, %t, %f : tensor<2x3xi1>, tensor<2x3xf16>
  // CHECK: kiln.select %[[P]], %[[P]], %[[P]] : tensor<i1>, tensor<i1>
  %1 = kiln.select %p, %p, %p : tensor<i1>, tensor<i1>
  return %0, %1 : tensor<2x3xf16>, tensor<i1>
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reductions(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xf32>, %[[I:[^:]+]]: tensor<5xi64>
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<5xi64>)
    -> (tensor<3xf32>, tensor<2x4xf32>, tensor<f32>, tensor<i64>,
        tensor<2x3x4xf32>, tensor<2x3xi64>, tensor<i64>) {
  // CHECK: kiln.reduce_sum %[[X]] dims = [0, 2] : tensor<2x3x4xf32> -> tensor<3xf32>
  %0 = kiln.reduce_sum %x dims = [0, 2] : tensor<2x3x4xf32> -> tensor<3xf32>
  // CHECK: kiln.reduce_max %[[X]] dims = [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  %1 = kiln.reduce_max %x dims = [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // Dims need not be sorted; reducing every dimension gives a 0-d tensor.
  // CHECK: kiln.reduce_min %[[X]] dims = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<f32>
  %2 = kiln.reduce_min %x dims = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<f32>
  // CHECK: kiln.reduce_sum %[[I]] dims = [0] : tensor<5xi64> -> tensor<i64>
  %3 = kiln.reduce_sum %i dims = [0] : tensor<5xi64> -> tensor<i64>
  // An empty dims list reduces nothing.
  // CHECK: kiln.reduce_sum %[[X]] dims = [] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %4 = kiln.reduce_sum %x dims = [] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: kiln.argmax %[[X]] dim = 2 : tensor<2x3x4xf32> -> tensor<2x3xi64>
  %5 = kiln.argmax %x dim = 2 : tensor<2x3x4xf32> -> tensor<2x3xi64>
  // CHECK: kiln.argmax %[[I]] dim = 0 : tensor<5xi64> -> tensor<i64>
  %6 = kiln.argmax %i dim = 0 : tensor<5xi64> -> tensor<i64>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<3xf32>, tensor<2x4xf32>, tensor<f32>, tensor<i64>,
        tensor<2x3x4xf32>, tensor<2x3xi64>, tensor<i64>
}

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<8x16xf32>, %[[C:[^:]+]]: tensor<2x3x4x5xi32>, %[[D:[^:]+]]: tensor<2x3x5x6xi32>
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                  %c: tensor<2x3x4x5xi32>, %d: tensor<2x3x5x6xi32>)
    -> (tensor<4x16xf32>, tensor<2x3x4x6xi32>) {
  // CHECK: kiln.matmul %[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %0 = kiln.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  // CHECK: kiln.matmul %[[C]], %[[D]] : tensor<2x3x4x5xi32>, tensor<2x3x5x6xi32> -> tensor<2x3x4x6xi32>
  %1 = kiln.matmul %c, %d : tensor<2x3x4x5xi32>, tensor<2x3x5x6xi32> -> tensor<2x3x4x6xi32>
  return %0, %1 : tensor<4x16xf32>, tensor<2x3x4x6xi32>
}

//===----------------------------------------------------------------------===//
// Shape manipulation.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME: %[[V:[^:]+]]: tensor<3xf32>, %[[S:[^:]+]]: tensor<i1>, %[[O:[^:]+]]: tensor<1x4xi64>
func.func @broadcast(%v: tensor<3xf32>, %s: tensor<i1>, %o: tensor<1x4xi64>)
    -> (tensor<2x3xf32>, tensor<2x2xi1>, tensor<5x4x2xi64>) {
  // CHECK: kiln.broadcast %[[V]] dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
  %0 = kiln.broadcast %v dims = [1] : tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: kiln.broadcast %[[S]] dims = [] : tensor<i1> -> tensor<2x2xi1>
  %1 = kiln.broadcast %s dims = [] : tensor<i1> -> tensor<2x2xi1>
  // CHECK: kiln.broadcast %[[O]] dims = [0, 1] : tensor<1x4xi64> -> tensor<5x4x2xi64>
  %2 = kiln.broadcast %o dims = [0, 1] : tensor<1x4xi64> -> tensor<5x4x2xi64>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x2xi1>, tensor<5x4x2xi64>
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xi32>, %[[S:[^:]+]]: tensor<f16>
func.func @reshape(%x: tensor<2x3xi32>, %s: tensor<f16>)
    -> (tensor<6xi32>, tensor<1x1xf16>, tensor<3x0xi32>) {
  // CHECK: kiln.reshape %[[X]] : tensor<2x3xi32> -> tensor<6xi32>
  %0 = kiln.reshape %x : tensor<2x3xi32> -> tensor<6xi32>
  // CHECK: kiln.reshape %[[S]] : tensor<f16> -> tensor<1x1xf16>
  %1 = kiln.reshape %s : tensor<f16> -> tensor<1x1xf16>
  %e = kiln.constant dense<> : tensor<0x5xi32>
  // CHECK: kiln.reshape %{{.+}} : tensor<0x5xi32> -> tensor<3x0xi32>
  %2 = kiln.reshape %e : tensor<0x5xi32> -> tensor<3x0xi32>
  return %0, %1, %2 : tensor<6xi32>, tensor<1x1xf16>, tensor<3x0xi32>
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xbf16>, %[[S:[^:]+]]: tensor<i1>
func.func @transpose(%x: tensor<2x3x4xbf16>, %s: tensor<i1>)
    -> (tensor<4x2x3xbf16>, tensor<i1>) {
  // CHECK: kiln.transpose %[[X]] permutation = [2, 0, 1] : tensor<2x3x4xbf16> -> tensor<4x2x3xbf16>
  %0 = kiln.transpose %x permutation = [2, 0, 1] : tensor<2x3x4xbf16> -> tensor<4x2x3xbf16>
  // CHECK: kiln.transpose %[[S]] permutation = [] : tensor<i1> -> tensor<i1>
  %1 = kiln.transpose %s permutation = [] : tensor<i1> -> tensor<i1>
  return %0, %1 : tensor<4x2x3xbf16>, tensor<i1>
}

// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[X:[^:]+]]: tensor<8x6xf64>
func.func @slice(%x: tensor<8x6xf64>)
    -> (tensor<3x6xf64>, tensor<0x2xf64>) {
  // ceil((7 - 1) / 2) = 3 rows.
  // CHECK: kiln.slice %[[X]] start = [1, 0] limit = [7, 6] strides = [2, 1] : tensor<8x6xf64> -> tensor<3x6xf64>
  %0 = kiln.slice %x start = [1, 0] limit = [7, 6] strides = [2, 1] : tensor<8x6xf64> -> tensor<3x6xf64>
  // CHECK: kiln.slice %[[X]] start = [4, 0] limit = [4, 5] strides = [1, 3] : tensor<8x6xf64> -> tensor<0x2xf64>
  %1 = kiln.slice %x start = [4, 0] limit = [4, 5] strides = [1, 3] : tensor<8x6xf64> -> tensor<0x2xf64>
  return %0, %1 : tensor<3x6xf64>, tensor<0x2xf64>
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x3xi64>, %[[B:[^:]+]]: tensor<2x1xi64>, %[[C:[^:]+]]: tensor<2x4xi64>
func.func @concat(%a: tensor<2x3xi64>, %b: tensor<2x1xi64>, %c: tensor<2x4xi64>)
    -> (tensor<2x8xi64>, tensor<4x3xi64>, tensor<2x3xi64>) {
  // CHECK: kiln.concat %[[A]], %[[B]], %[[C]] dim = 1 : (tensor<2x3xi64>, tensor<2x1xi64>, tensor<2x4xi64>) -> tensor<2x8xi64>
  %0 = kiln.concat %a, %b, %c dim = 1 : (tensor<2x3xi64>, tensor<2x1xi64>, tensor<2x4xi64>) -> tensor<2x8xi64>
  // CHECK: kiln.concat %[[A]], %[[A]] dim = 0 : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<4x3xi64>
  %1 = kiln.concat %a, %a dim = 0 : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<4x3xi64>
  // CHECK: kiln.concat %[[A]] dim = 0 : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %2 = kiln.concat %a dim = 0 : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0, %1, %2 : tensor<2x8xi64>, tensor<4x3xi64>, tensor<2x3xi64>
}

// CHECK-LABEL: func.func @pad(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>, %[[V:[^:]+]]: tensor<f32>, %[[B:[^:]+]]: tensor<4xi1>, %[[W:[^:]+]]: tensor<i1>
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>, %b: tensor<4xi1>,
               %w: tensor<i1>) -> (tensor<5x4xf32>, tensor<4xi1>) {
  // CHECK: kiln.pad %[[X]], %[[V]] low = [1, 0] high = [2, 1] : tensor<2x3xf32>, tensor<f32> -> tensor<5x4xf32>
  %0 = kiln.pad %x, %v low = [1, 0] high = [2, 1] : tensor<2x3xf32>, tensor<f32> -> tensor<5x4xf32>
  // CHECK: kiln.pad %[[B]], %[[W]] low = [0] high = [0] : tensor<4xi1>, tensor<i1> -> tensor<4xi1>
  %1 = kiln.pad %b, %w low = [0] high = [0] : tensor<4xi1>, tensor<i1> -> tensor<4xi1>
  return %0, %1 : tensor<5x4xf32>, tensor<4xi1>
}

//===----------------------------------------------------------------------===//
// Indexing.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @indexing(
// CHECK-SAME: %[[S:[^:]+]]: tensor<4x3xf32>, %[[I:[^:]+]]: tensor<2x3xi64>, %[[J:[^:]+]]: tensor<4x2xi32>, %[[U:[^:]+]]: tensor<2x3xf32>, %[[D:[^:]+]]: tensor<4x3xi32>, %[[V:[^:]+]]: tensor<4x2xi32>
func.func @indexing(%s: tensor<4x3xf32>, %i: tensor<2x3xi64>,
                    %j: tensor<4x2xi32>, %u: tensor<2x3xf32>,
                    %d: tensor<4x3xi32>, %v: tensor<4x2xi32>)
    -> (tensor<2x3xf32>, tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x3xi32>) {
  // CHECK: kiln.gather %[[S]], %[[I]] dim = 0 : tensor<4x3xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  // CHECK: kiln.gather %[[S]], %[[J]] dim = 1 : tensor<4x3xf32>, tensor<4x2xi32> -> tensor<4x2xf32>
  %1 = kiln.gather %s, %j dim = 1 : tensor<4x3xf32>, tensor<4x2xi32> -> tensor<4x2xf32>
  // CHECK: kiln.scatter_add %[[S]], %[[I]], %[[U]] dim = 0 : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  %2 = kiln.scatter_add %s, %i, %u dim = 0 : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  // CHECK: kiln.scatter_add %[[D]], %[[J]], %[[V]] dim = 1 : tensor<4x3xi32>, tensor<4x2xi32>, tensor<4x2xi32> -> tensor<4x3xi32>
  %3 = kiln.scatter_add %d, %j, %v dim = 1 : tensor<4x3xi32>, tensor<4x2xi32>, tensor<4x2xi32> -> tensor<4x3xi32>
  return %0, %1, %2, %3
      : tensor<2x3xf32>, tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x3xi32>
}

//===----------------------------------------------------------------------===//
// Convolution and pooling.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x4x8x8xf32>, %[[W:[^:]+]]: tensor<6x4x3x3xf32>, %[[G:[^:]+]]: tensor<6x2x3x3xf32>, %[[DY:[^:]+]]: tensor<2x6x4x4xf32>
func.func @conv(%x: tensor<2x4x8x8xf32>, %w: tensor<6x4x3x3xf32>,
                %g: tensor<6x2x3x3xf32>, %dy: tensor<2x6x4x4xf32>)
    -> (tensor<2x6x8x8xf32>, tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>,
        tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32>) {
  // (8 + 2 - 3) / 1 + 1 = 8.
  // CHECK: kiln.conv2d %[[X]], %[[W]] stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<2x6x8x8xf32>
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<2x6x8x8xf32>
  // Grouped: 4 input channels in 2 groups of 2; (8 + 0 - 5) / 1 + 1 = 4
  // with a dilated span of 2 * (3 - 1) + 1 = 5.
  // CHECK: kiln.conv2d %[[X]], %[[G]] stride = [1, 1] padding = [0, 0] dilation = [2, 2] groups = 2 : tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<2x6x4x4xf32>
  %1 = kiln.conv2d %x, %g stride = [1, 1] padding = [0, 0] dilation = [2, 2] groups = 2 : tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<2x6x4x4xf32>
  // Strided: (8 + 2 - 3) / 2 + 1 = 4.
  // CHECK: kiln.conv2d %[[X]], %[[W]] stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<2x6x4x4xf32>
  %2 = kiln.conv2d %x, %w stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<2x6x4x4xf32>
  // CHECK: kiln.conv2d_backward_input %[[DY]], %[[W]] stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x6x4x4xf32>, tensor<6x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %3 = kiln.conv2d_backward_input %dy, %w stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x6x4x4xf32>, tensor<6x4x3x3xf32> -> tensor<2x4x8x8xf32>
  // CHECK: kiln.conv2d_backward_weight %[[X]], %[[DY]] stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<2x6x4x4xf32> -> tensor<6x4x3x3xf32>
  %4 = kiln.conv2d_backward_weight %x, %dy stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<2x6x4x4xf32> -> tensor<6x4x3x3xf32>
  return %0, %1, %2, %3, %4
      : tensor<2x6x8x8xf32>, tensor<2x6x4x4xf32>, tensor<2x6x4x4xf32>,
        tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32>
}

// Grouped gradients and a non-f32 type.
// CHECK-LABEL: func.func @conv_grad_grouped(
// CHECK-SAME: %[[X:[^:]+]]: tensor<1x4x5x5xf16>, %[[G:[^:]+]]: tensor<6x2x3x3xf16>, %[[DY:[^:]+]]: tensor<1x6x3x3xf16>
func.func @conv_grad_grouped(%x: tensor<1x4x5x5xf16>, %g: tensor<6x2x3x3xf16>,
                             %dy: tensor<1x6x3x3xf16>)
    -> (tensor<1x4x5x5xf16>, tensor<6x2x3x3xf16>) {
  // CHECK: kiln.conv2d_backward_input %[[DY]], %[[G]] stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x6x3x3xf16>, tensor<6x2x3x3xf16> -> tensor<1x4x5x5xf16>
  %0 = kiln.conv2d_backward_input %dy, %g stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x6x3x3xf16>, tensor<6x2x3x3xf16> -> tensor<1x4x5x5xf16>
  // CHECK: kiln.conv2d_backward_weight %[[X]], %[[DY]] stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x4x5x5xf16>, tensor<1x6x3x3xf16> -> tensor<6x2x3x3xf16>
  %1 = kiln.conv2d_backward_weight %x, %dy stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x4x5x5xf16>, tensor<1x6x3x3xf16> -> tensor<6x2x3x3xf16>
  return %0, %1 : tensor<1x4x5x5xf16>, tensor<6x2x3x3xf16>
}

// CHECK-LABEL: func.func @pool(
// CHECK-SAME: %[[X:[^:]+]]: tensor<1x3x7x7xbf16>, %[[DY:[^:]+]]: tensor<1x3x4x4xbf16>
func.func @pool(%x: tensor<1x3x7x7xbf16>, %dy: tensor<1x3x4x4xbf16>)
    -> (tensor<1x3x4x4xbf16>, tensor<1x3x3x5xbf16>, tensor<1x3x7x7xbf16>,
        tensor<1x3x7x7xbf16>) {
  // (7 + 2 - 3) / 2 + 1 = 4.
  // CHECK: kiln.max_pool2d %[[X]] kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x7x7xbf16> -> tensor<1x3x4x4xbf16>
  %0 = kiln.max_pool2d %x kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x7x7xbf16> -> tensor<1x3x4x4xbf16>
  // Rectangular windows: (7 - 2) / 2 + 1 = 3 and (7 - 3) / 1 + 1 = 5.
  // CHECK: kiln.avg_pool2d %[[X]] kernel = [2, 3] stride = [2, 1] padding = [0, 0] : tensor<1x3x7x7xbf16> -> tensor<1x3x3x5xbf16>
  %1 = kiln.avg_pool2d %x kernel = [2, 3] stride = [2, 1] padding = [0, 0] : tensor<1x3x7x7xbf16> -> tensor<1x3x3x5xbf16>
  // CHECK: kiln.max_pool2d_grad %[[X]], %[[DY]] kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x7x7xbf16>, tensor<1x3x4x4xbf16>
  %2 = kiln.max_pool2d_grad %x, %dy kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x7x7xbf16>, tensor<1x3x4x4xbf16>
  // CHECK: kiln.avg_pool2d_grad %[[DY]] kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x4x4xbf16> -> tensor<1x3x7x7xbf16>
  %3 = kiln.avg_pool2d_grad %dy kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x3x4x4xbf16> -> tensor<1x3x7x7xbf16>
  return %0, %1, %2, %3
      : tensor<1x3x4x4xbf16>, tensor<1x3x3x5xbf16>, tensor<1x3x7x7xbf16>,
        tensor<1x3x7x7xbf16>
}

//===----------------------------------------------------------------------===//
// Random numbers.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @random(
// CHECK-SAME: %[[S:[^:]+]]: tensor<i64>
func.func @random(%s: tensor<i64>)
    -> (tensor<2x3xf32>, tensor<4xf64>, tensor<bf16>) {
  // CHECK: kiln.random_uniform %[[S]] : tensor<i64> -> tensor<2x3xf32>
  %0 = kiln.random_uniform %s : tensor<i64> -> tensor<2x3xf32>
  // CHECK: kiln.random_normal %[[S]] : tensor<i64> -> tensor<4xf64>
  %1 = kiln.random_normal %s : tensor<i64> -> tensor<4xf64>
  // CHECK: kiln.random_normal %[[S]] : tensor<i64> -> tensor<bf16>
  %2 = kiln.random_normal %s : tensor<i64> -> tensor<bf16>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4xf64>, tensor<bf16>
}
