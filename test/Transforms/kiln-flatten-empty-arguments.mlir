// RUN: kiln-opt %s --allow-unregistered-dialect --pass-pipeline='builtin.module(func.func(kiln-flatten-empty-arguments))' | FileCheck %s

// Empty buffers of rank 2 or more arrive as 1-D buffers of size 0 and are
// expanded back; argument attributes stay. A 1-D empty buffer is left
// alone.
// CHECK-LABEL: func.func @entry(
// CHECK-SAME: %[[A:[^:]+]]: memref<0xf32>,
// CHECK-SAME: %[[B:[^:]+]]: memref<0xf32>,
// CHECK-SAME: %[[C:[^:]+]]: memref<0xf32>,
// CHECK-SAME: %[[D:[^:]+]]: memref<0xi64> {kiln.destination = 0 : i64})
// CHECK-DAG: %[[A2:.+]] = memref.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [2, 0] : memref<0xf32> into memref<2x0xf32>
// CHECK-DAG: %[[B2:.+]] = memref.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [0, 4] : memref<0xf32> into memref<0x4xf32>
// CHECK-DAG: %[[D2:.+]] = memref.expand_shape %[[D]] {{\[}}[0, 1, 2]] output_shape [3, 0, 2] : memref<0xi64> into memref<3x0x2xi64>
// CHECK: "test.use"(%[[A2]], %[[B2]], %[[C]], %[[D2]])
func.func @entry(%a: memref<2x0xf32>, %b: memref<0x4xf32>, %c: memref<0xf32>, %d: memref<3x0x2xi64> {kiln.destination = 0 : i64}) {
  "test.use"(%a, %b, %c, %d) : (memref<2x0xf32>, memref<0x4xf32>, memref<0xf32>, memref<3x0x2xi64>) -> ()
  return
}

// Buffers with elements are left alone.
// CHECK-LABEL: func.func @full(
// CHECK-SAME: memref<2x3xf32>
// CHECK-NOT: memref.expand_shape
func.func @full(%a: memref<2x3xf32>) {
  "test.use"(%a) : (memref<2x3xf32>) -> ()
  return
}

// Private functions, which their callers call with the old signature, are
// left alone.
// CHECK-LABEL: func.func private @helper(
// CHECK-SAME: memref<2x0xf32>
// CHECK-NOT: memref.expand_shape
func.func private @helper(%a: memref<2x0xf32>) {
  "test.use"(%a) : (memref<2x0xf32>) -> ()
  return
}
