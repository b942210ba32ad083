// RUN: kiln-opt %s --kiln-gpu-device-memory | FileCheck %s

memref.global "private" constant @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// Host allocations become device allocations, and a constant is copied to
// a device buffer that is freed on return.
// CHECK-LABEL: func.func @buffers(
// CHECK: %[[TMP:.+]] = gpu.alloc  () : memref<4xf32>
// CHECK: %[[DEV:.+]] = gpu.alloc  () : memref<4xf32>
// CHECK: %[[HOST:.+]] = memref.get_global @table : memref<4xf32>
// CHECK: gpu.memcpy  %[[DEV]], %[[HOST]] : memref<4xf32>, memref<4xf32>
// CHECK: linalg.add ins(%[[DEV]], %{{.+}} : memref<4xf32>, memref<4xf32>) outs(%[[TMP]] : memref<4xf32>)
// CHECK: gpu.dealloc  %[[TMP]] : memref<4xf32>
// CHECK: gpu.dealloc  %[[DEV]] : memref<4xf32>
// CHECK-NEXT: return
// CHECK-NOT: memref.alloc
func.func @buffers(%x: memref<4xf32>) {
  %tmp = memref.alloc() : memref<4xf32>
  %table = memref.get_global @table : memref<4xf32>
  linalg.add ins(%table, %x : memref<4xf32>, memref<4xf32>) outs(%tmp : memref<4xf32>)
  memref.dealloc %tmp : memref<4xf32>
  return
}
