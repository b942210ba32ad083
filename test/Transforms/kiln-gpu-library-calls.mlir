// RUN: kiln-opt %s --kiln-gpu-library-calls --cse --split-input-file | FileCheck %s

// A row-major f32 matmul becomes one cuBLAS call: dtype 0 (f32), batch 1,
// M, N, K, then address, offset and (batch, row, column) strides of A, B, C.
// CHECK: func.func private @kiln_gpu_matmul(index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index)
// CHECK-LABEL: func.func @matmul(
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[ONE:.+]] = arith.constant 1 : index
// CHECK: %[[A:.+]] = memref.extract_aligned_pointer_as_index
// CHECK: %[[B:.+]] = memref.extract_aligned_pointer_as_index
// CHECK: %[[C:.+]] = memref.extract_aligned_pointer_as_index
// CHECK: call @kiln_gpu_matmul(%[[ZERO]], %[[ONE]], %{{.+}}, %{{.+}}, %{{.+}}, %[[A]], %{{.+}}, %[[ZERO]], %{{.+}}, %{{.+}}, %[[B]], %{{.+}}, %[[ZERO]], %{{.+}}, %{{.+}}, %[[C]], %{{.+}}, %[[ZERO]], %{{.+}}, %{{.+}})
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>) {
  linalg.matmul ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

// A transposed view (unit row stride) and a batch of f64 matmuls are calls
// too (dtype 1).
// CHECK-LABEL: func.func @batched_transposed(
// CHECK-DAG: %[[F64:.+]] = arith.constant 1 : index
// CHECK: %[[BATCH:.+]] = memref.dim %{{.+}}, %c0
// CHECK: call @kiln_gpu_matmul(%[[F64]], %[[BATCH]],
// CHECK-NOT: linalg.batch_matmul
func.func @batched_transposed(%a: memref<2x4x8xf64>, %b: memref<2x4x16xf64>, %c: memref<2x8x16xf64>) {
  %t = memref.transpose %a (d0, d1, d2) -> (d0, d2, d1) : memref<2x4x8xf64> to memref<2x8x4xf64, strided<[32, 1, 8]>>
  linalg.batch_matmul ins(%t, %b : memref<2x8x4xf64, strided<[32, 1, 8]>>, memref<2x4x16xf64>) outs(%c : memref<2x8x16xf64>)
  return
}

// -----

// cuBLAS is not asked for f16 here, nor for a result whose rows are not
// contiguous: those stay loops.
// CHECK-LABEL: func.func @unsupported(
// CHECK-NOT: call @kiln_gpu_matmul
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: func.func private @kiln_gpu_matmul
func.func @unsupported(%a: memref<8x4xf16>, %b: memref<4x16xf16>, %c: memref<8x16xf16>,
                       %x: memref<8x4xf32>, %y: memref<4x16xf32>, %z: memref<16x8xf32>) {
  linalg.matmul ins(%a, %b : memref<8x4xf16>, memref<4x16xf16>) outs(%c : memref<8x16xf16>)
  %zt = memref.transpose %z (d0, d1) -> (d1, d0) : memref<16x8xf32> to memref<8x16xf32, strided<[1, 8]>>
  linalg.matmul ins(%x, %y : memref<8x4xf32>, memref<4x16xf32>) outs(%zt : memref<8x16xf32, strided<[1, 8]>>)
  return
}
