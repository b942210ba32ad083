// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-free-block-temporaries))' | FileCheck %s

// A small buffer each parallel iteration allocates for itself moves to the
// stack; a large one (over 32 KiB) is freed at the end of the iteration.
// One already freed, or one that leaves the body, is left alone.
// CHECK-LABEL: func.func @blocks(
// CHECK: scf.forall
// CHECK-NEXT: %[[ROW:.+]] = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK-NEXT: %[[BIG:.+]] = memref.alloc() : memref<8193xf32>
// CHECK-NEXT: %[[FREED:.+]] = memref.alloc() : memref<8xf32>
// CHECK-NEXT: memref.dealloc %[[FREED]]
// CHECK-NOT: memref.dealloc %[[FREED]]
// CHECK: memref.copy %[[ROW]]
// CHECK: memref.dealloc %[[BIG]] : memref<8193xf32>
// CHECK-NEXT: }
func.func @blocks(%out: memref<4x16xf32>) {
  scf.forall (%i) in (4) {
    %row = memref.alloc() : memref<16xf32>
    %big = memref.alloc() : memref<8193xf32>
    %freed = memref.alloc() : memref<8xf32>
    memref.dealloc %freed : memref<8xf32>
    %slice = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %row, %slice : memref<16xf32> to memref<16xf32, strided<[1], offset: ?>>
    %head = memref.subview %big[0] [16] [1] : memref<8193xf32> to memref<16xf32, strided<[1]>>
    memref.copy %head, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
  }
  return
}



// The largest stack temporary is 32 KiB.
// CHECK-LABEL: func.func @limits(
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<8192xf32>
// CHECK-LABEL: func.func @heap_only(
// CHECK-NOT: memref.alloca
// CHECK: memref.dealloc
func.func @limits(%out: memref<4x16xf32>) {
  scf.forall (%i) in (4) {
    %row = memref.alloc() : memref<8192xf32>
    %head = memref.subview %row[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    %slice = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %head, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
  }
  return
}

func.func @heap_only(%out: memref<4x16xf32>) {
  scf.forall (%i) in (4) {
    %row = memref.alloc() : memref<16384xf32>
    %head = memref.subview %row[0] [16] [1] : memref<16384xf32> to memref<16xf32, strided<[1]>>
    %slice = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %head, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
  }
  return
}
