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

// One iteration takes at most 256 KiB of stack: of nine 32 KiB temporaries,
// the ninth goes to the heap.
// CHECK-LABEL: func.func @stack_budget(
// CHECK-COUNT-8: memref.alloca() {alignment = 64 : i64} : memref<8192xf32>
// CHECK-NEXT: %[[NINTH:.+]] = memref.alloc() : memref<8192xf32>
// CHECK: memref.dealloc %[[NINTH]]
func.func @stack_budget(%out: memref<4x16xf32>) {
  scf.forall (%i) in (4) {
    %t0 = memref.alloc() : memref<8192xf32>
    %t1 = memref.alloc() : memref<8192xf32>
    %t2 = memref.alloc() : memref<8192xf32>
    %t3 = memref.alloc() : memref<8192xf32>
    %t4 = memref.alloc() : memref<8192xf32>
    %t5 = memref.alloc() : memref<8192xf32>
    %t6 = memref.alloc() : memref<8192xf32>
    %t7 = memref.alloc() : memref<8192xf32>
    %t8 = memref.alloc() : memref<8192xf32>
    %slice = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    %h0 = memref.subview %t0[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h0, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h1 = memref.subview %t1[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h1, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h2 = memref.subview %t2[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h2, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h3 = memref.subview %t3[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h3, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h4 = memref.subview %t4[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h4, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h5 = memref.subview %t5[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h5, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h6 = memref.subview %t6[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h6, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h7 = memref.subview %t7[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h7, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
    %h8 = memref.subview %t8[0] [16] [1] : memref<8192xf32> to memref<16xf32, strided<[1]>>
    memref.copy %h8, %slice : memref<16xf32, strided<[1]>> to memref<16xf32, strided<[1], offset: ?>>
  }
  return
}
