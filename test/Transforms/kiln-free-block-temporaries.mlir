// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-free-block-temporaries))' | FileCheck %s

// A buffer each parallel iteration allocates for itself is freed at the end
// of the iteration; one already freed, or one that leaves the body, is left
// alone.
// CHECK-LABEL: func.func @blocks(
// CHECK: scf.forall
// CHECK: %[[TEMP:.+]] = memref.alloc() : memref<16xf32>
// CHECK: %[[FREED:.+]] = memref.alloc() : memref<8xf32>
// CHECK: memref.dealloc %[[FREED]]
// CHECK-NOT: memref.dealloc %[[FREED]]
// CHECK: memref.dealloc %[[TEMP]] : memref<16xf32>
// CHECK-NEXT: }
func.func @blocks(%out: memref<4x16xf32>) {
  scf.forall (%i) in (4) {
    %temp = memref.alloc() : memref<16xf32>
    %freed = memref.alloc() : memref<8xf32>
    memref.dealloc %freed : memref<8xf32>
    %row = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %temp, %row : memref<16xf32> to memref<16xf32, strided<[1], offset: ?>>
  }
  return
}
