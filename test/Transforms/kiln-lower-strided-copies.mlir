// RUN: kiln-opt %s --kiln-lower-strided-copies | FileCheck %s

// A strided source needs loops: linalg.copy.
// CHECK-LABEL: func.func @strided
// CHECK: linalg.copy ins(%{{.*}} : memref<4x2xf32, strided<[8, 2]>>) outs(%{{.*}} : memref<4x2xf32>)
// CHECK-NOT: memref.copy
func.func @strided(%src: memref<4x2xf32, strided<[8, 2]>>, %dst: memref<4x2xf32>) {
  memref.copy %src, %dst : memref<4x2xf32, strided<[8, 2]>> to memref<4x2xf32>
  return
}

// Contiguous buffers keep memref.copy, a memcpy.
// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous(%src: memref<4x2xf32>, %dst: memref<4x2xf32>) {
  memref.copy %src, %dst : memref<4x2xf32> to memref<4x2xf32>
  return
}
